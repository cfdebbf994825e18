/**
 * A set of recipients stored compactly: followers whose openid decodes to an index live in a
 * sorted Int32Array (4 bytes each, so a 1,000,000-recipient job stays small), others as strings.
 */
export class RecipientList {
  private readonly otherSet: Set<string>;

  constructor(
    readonly indices: Int32Array,
    readonly others: string[] = [],
  ) {
    this.otherSet = new Set(others);
  }

  static empty(): RecipientList {
    return new RecipientList(new Int32Array(0));
  }

  /** Builds a list from unsorted parts, sorting and de-duplicating the indices. */
  static from(indices: Iterable<number>, others: Iterable<string> = []): RecipientList {
    const sorted = Int32Array.from(indices).sort();
    let w = 0;
    for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) sorted[w++] = sorted[r]!;
    return new RecipientList(sorted.subarray(0, w), [...new Set(others)]);
  }

  get size(): number {
    return this.indices.length + this.others.length;
  }

  hasIndex(index: number): boolean {
    let lo = 0;
    let hi = this.indices.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.indices[mid]!;
      if (v === index) return true;
      if (v < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  hasOther(openid: string): boolean {
    return this.otherSet.has(openid);
  }

  /** Keeps the members for which `keepIndex` / `keepOther` say yes. */
  filter(keepIndex: (index: number) => boolean, keepOther: (openid: string) => boolean): RecipientList {
    const kept = new Int32Array(this.indices.length);
    let w = 0;
    for (const i of this.indices) if (keepIndex(i)) kept[w++] = i;
    return new RecipientList(kept.subarray(0, w), this.others.filter(keepOther));
  }
}

/** Per-index small counters (mass messages received this month), grown on demand. */
export class IndexCounter {
  private counts = new Uint8Array(1024);
  private readonly others = new Map<string, number>();

  getIndex(index: number): number {
    return index < this.counts.length ? this.counts[index]! : 0;
  }

  incIndex(index: number): void {
    if (index >= this.counts.length) {
      let size = this.counts.length;
      while (size <= index) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.counts[index]! < 255) this.counts[index]!++;
  }

  getOther(openid: string): number {
    return this.others.get(openid) ?? 0;
  }

  incOther(openid: string): void {
    this.others.set(openid, this.getOther(openid) + 1);
  }
}
