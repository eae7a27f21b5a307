/** `--console`: the console's live stream held open as a page would, its events read and dropped. */
export interface ConsoleStream {
  events(): number;
  close(): void;
}

export async function openConsoleStream(adminUrl: string): Promise<ConsoleStream> {
  const abort = new AbortController();
  const response = await fetch(`${adminUrl}/v1/console/stream`, { signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`console stream: HTTP ${response.status}`);
  let events = 0;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      events += decoder.decode(value, { stream: true }).split('\nevent: ').length - 1;
    }
  })();
  return { events: () => events, close: () => abort.abort() };
}
