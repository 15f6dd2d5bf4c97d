/**
 * A small client for the public HTTP API, as an outside program sees it: a base URL and a bearer
 * token. Any answer other than the expected status is an error naming the request and the answer.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    expect: number | number[] = method === 'POST' ? 201 : 200,
  ): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const expected = Array.isArray(expect) ? expect : [expect];
    if (!expected.includes(res.status)) {
      throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}, expect: number | number[] = 201): Promise<T> {
    return this.request<T>('POST', path, body, expect);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body, 200);
  }

  async login(email: string, password: string): Promise<ApiClient> {
    const { accessToken } = await this.post<{ accessToken: string }>(
      '/api/auth/login',
      { email, password },
      200,
    );
    return this.as(accessToken);
  }
}

/** `fn` over `items`, at most `parallel` at once, results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  parallel: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}
