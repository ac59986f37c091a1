// Accept / Content-Type handling. client-go picks decoders by the response Content-Type, so the server
// answers JSON even when Accept prefers protobuf (notes §5.1) and only switches to Table or aggregated
// discovery when the Accept header names them.

/** Splits an Accept header into media ranges with their parameters (lower-cased, spaces removed). */
export function parseAccept(accept: string | undefined): { type: string; params: Record<string, string> }[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params };
  });
}

/** True when the client asked for a meta.k8s.io Table (`kubectl get` without -o). */
export function wantsTable(accept: string | undefined): boolean {
  return parseAccept(accept).some(
    (m) => m.params.as === 'Table' && m.params.g === 'meta.k8s.io' && (m.params.v === 'v1' || m.params.v === 'v1beta1') && (m.type === 'application/json' || m.type === '*/*'),
  );
}

/** Media type without parameters, lower case; '' when absent. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
