/**
 * The names of every LabApi method, grouped by domain. This is the one list that channel names are
 * derived from; it has no dependencies so the Electron preload can import it and stay tiny.
 */
export const labMethods = {
  system: ['info', 'doctor'],
  clusters: ['backends', 'contexts', 'status', 'connect', 'action', 'clock'],
  scenarios: ['list', 'start', 'view', 'check', 'hint', 'showMe', 'reset', 'stop', 'end', 'report'],
  graph: ['snapshot', 'inspect', 'events', 'history', 'at'],
  traffic: ['stats', 'start', 'stop'],
  terminal: ['run', 'stop'],
  settings: ['get', 'update'],
} as const;

export type LabDomain = keyof typeof labMethods;
export type LabMethodName<D extends LabDomain> = (typeof labMethods)[D][number];

/** Every request channel, e.g. `lab:clusters.connect`. Nobody types these strings by hand. */
export type LabChannel = {
  [D in LabDomain]: `lab:${D}.${LabMethodName<D>}`;
}[LabDomain];

/** The single channel on which the engine pushes LabEvents to a UI. */
export const LAB_EVENT_CHANNEL = 'lab:event' as const;

export function channelFor<D extends LabDomain>(domain: D, method: LabMethodName<D>): LabChannel {
  return `lab:${domain}.${method}` as LabChannel;
}

export function allChannels(): LabChannel[] {
  const out: LabChannel[] = [];
  for (const domain of Object.keys(labMethods) as LabDomain[]) {
    for (const method of labMethods[domain])
      out.push(channelFor(domain, method as LabMethodName<typeof domain>));
  }
  return out;
}

export function parseChannel(channel: string): { domain: LabDomain; method: string } | undefined {
  const match = /^lab:([a-z]+)\.([a-zA-Z]+)$/.exec(channel);
  if (!match) return undefined;
  const domain = match[1] as LabDomain;
  const method = match[2] as string;
  // Own properties only: `lab:constructor.name` must not reach Object.prototype.
  if (!Object.hasOwn(labMethods, domain)) return undefined;
  const methods: readonly string[] = labMethods[domain];
  if (!methods.includes(method)) return undefined;
  return { domain, method };
}
