/**
 * mulberry32: tiny, fast, good enough for a simulator, and fully determined by its 32-bit seed.
 * Every random choice in core/sim comes from one of these (Math.random is banned by lint).
 */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const UUID_CODES: number[] = new Array<number>(36).fill(0);

export class SeededRng {
  private state: number;

  constructor(seed: number = 1) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError('pick from an empty array');
    return arr[this.int(arr.length)]!;
  }

  /** Five characters from the alphabet upstream uses for generated names (k8s.io/apimachinery util/rand). */
  name5(): string {
    let s = '';
    for (let i = 0; i < 5; i++) s += SUFFIX_ALPHABET[this.int(SUFFIX_ALPHABET.length)];
    return s;
  }

  /**
   * A version-4-shaped UUID. Built from char codes in one go: a template of slices would leave a
   * tree of string pieces behind every uid the store keeps (tens of thousands in a large rollout).
   */
  uuid(): string {
    const a = this.word();
    const b = this.word();
    const c = this.word();
    const d = this.word();
    const out = UUID_CODES;
    let i = 0;
    const hex = (n: number, digits: number): void => {
      for (let k = digits - 1; k >= 0; k--) out[i++] = HEX_CODES[(n >>> (4 * k)) & 15]!;
    };
    const dash = (): void => {
      out[i++] = 45;
    };
    // Same characters as before: a-<b0..b3>-4<b5..b7>-<variant><c1..c3>-<c4..c7><d>
    hex(a, 8);
    dash();
    hex(b >>> 16, 4);
    dash();
    out[i++] = HEX_CODES[4]!;
    hex(b, 3);
    dash();
    out[i++] = HEX_CODES[((c >>> 28) & 0x3) | 0x8]!;
    hex(c >>> 16, 3);
    dash();
    hex(c, 4);
    hex(d, 8);
    return String.fromCharCode.apply(null, out);
  }

  private word(): number {
    return (this.next() * 4294967296) >>> 0;
  }

  /**
   * An independent stream derived from this seed and a label, so that e.g. adding traffic does not
   * change the pod names the controllers draw.
   */
  fork(label: string): SeededRng {
    return new SeededRng(fnv32a(`${this.state}:${label}`));
  }
}

/** FNV-1a 32-bit over the UTF-16 code units of s (upstream hashes bytes; equal for ASCII). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString: maps each byte onto the consonant/digit alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SUFFIX_ALPHABET[s.charCodeAt(i) % SUFFIX_ALPHABET.length];
  return out;
}
