/**
 * A message kept as a dictionary key and its parameters, translated when drawn, so the language toggle
 * re-translates what is on screen. A parameter written `@some.key` is itself a dictionary entry
 * (a tier's name, a status), translated at the same time.
 */
export interface Message {
  kind: 'ok' | 'error' | 'info';
  key: string;
  params?: Record<string, string | number>;
  /** an error the server worded: shown as written */
  text?: string;
}

export function messageText(
  t: (key: string, params?: Record<string, string | number>) => string,
  m: Message,
): string {
  if (m.text !== undefined) return m.text;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params ?? {}))
    params[k] = typeof v === 'string' && v.startsWith('@') ? t(v.slice(1)) : v;
  return t(m.key, params);
}
