/** One field the API refused, as problem+json lists it (`path` is a JSON pointer like `/body/email`). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem answered by the Tessera API, thrown by `api` for every non-2xx response. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: readonly FieldProblem[],
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }

  /** The messages for one body field (`email` matches `/body/email` and `/body/email/…`). */
  fieldMessages(field: string): string[] {
    const pointer = `/body/${field}`;
    return this.errors
      .filter((error) => error.path === pointer || error.path.startsWith(`${pointer}/`))
      .map((error) => error.message);
  }
}

/** Reads a failed response into an ApiProblem, whatever its body (a proxy may answer HTML). */
export async function problemOf(response: Response): Promise<ApiProblem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<{
      code: string;
      title: string;
      detail: string;
      errors: FieldProblem[];
    }>;
    return new ApiProblem(
      response.status,
      body.code ?? 'HTTP_ERROR',
      body.title ?? response.statusText,
      body.detail,
      Array.isArray(body.errors) ? body.errors : [],
    );
  } catch {
    return new ApiProblem(
      response.status,
      'HTTP_ERROR',
      response.statusText || 'Request failed',
      undefined,
      [],
    );
  }
}
