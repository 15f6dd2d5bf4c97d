/**
 * Choosing among doctors by load, as pure logic: the doctor with the fewest items wins, ties go to
 * the smaller id so the choice is repeatable. Each pick adds one to the winner's load, so a batch
 * spreads evenly.
 */
export class DoctorLoads {
  private readonly loads: Map<string, number>;

  constructor(entries: Iterable<readonly [string, number]>) {
    this.loads = new Map(entries);
  }

  get size(): number {
    return this.loads.size;
  }

  has(doctorId: string | null | undefined): boolean {
    return doctorId != null && this.loads.has(doctorId);
  }

  /** Counts one more item for a doctor (their own patient's follow-up, say). */
  add(doctorId: string): void {
    const load = this.loads.get(doctorId);
    if (load !== undefined) this.loads.set(doctorId, load + 1);
  }

  /** Counts one item fewer for a doctor (an item moved away from them). */
  release(doctorId: string | null): void {
    const load = doctorId === null ? undefined : this.loads.get(doctorId);
    if (doctorId !== null && load !== undefined && load > 0) this.loads.set(doctorId, load - 1);
  }

  /** The least loaded doctor other than `exclude`, counted as one busier; null when there is none. */
  take(exclude?: string | null): string | null {
    let best: string | null = null;
    let bestLoad = Infinity;
    for (const [id, load] of this.loads) {
      if (id === exclude) continue;
      if (load < bestLoad || (load === bestLoad && best !== null && id < best)) {
        best = id;
        bestLoad = load;
      }
    }
    if (best !== null) this.loads.set(best, bestLoad + 1);
    return best;
  }

  /** The patient's own doctor when among these (on shift), else the least loaded; null when none. */
  takeOwnOrLeast(ownDoctorId: string | null): string | null {
    if (ownDoctorId && this.loads.has(ownDoctorId)) {
      this.add(ownDoctorId);
      return ownDoctorId;
    }
    return this.take();
  }
}
