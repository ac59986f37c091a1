/** A patch that cannot be applied; `code` is the HTTP status the apiserver answers (400 decode, 422 apply). */
export class PatchError extends Error {
  constructor(
    readonly code: 400 | 409 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}
