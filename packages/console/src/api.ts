/**
 * Talking to gatelink: JSON reads, the mutating admin routes with the per-start token gatelink put
 * in the page, and the one live stream.
 */
const token = document.querySelector<HTMLMetaElement>('meta[name="gatelink-token"]')?.content ?? '';

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

/** POSTs to a mutating admin route; the token header is what lets it through. */
export async function post<T>(path: string): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'x-gatelink-token': token } });
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

/** Opens the stream; `events` handles each named event's JSON, `onState` hears connects and drops (EventSource reconnects itself). */
export function openStream(events: Record<string, (data: unknown) => void>, onState: (connected: boolean) => void): EventSource {
  const source = new EventSource('/v1/console/stream');
  for (const [event, handler] of Object.entries(events)) {
    source.addEventListener(event, (message) => handler(JSON.parse((message as MessageEvent<string>).data)));
  }
  source.addEventListener('open', () => onState(true));
  source.addEventListener('error', () => onState(false));
  return source;
}
