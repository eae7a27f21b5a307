/** An error with the HTTP status and JSON body our services answer with: `{ "message", "errors"? }`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: readonly { path: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { message: string; errors?: readonly { path: string; message: string }[] } {
    return this.errors ? { message: this.message, errors: this.errors } : { message: this.message };
  }
}
