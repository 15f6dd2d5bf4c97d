/**
 * A residual flow network on typed arrays, with Dinic's maximum flow and a primal–dual minimum-cost
 * flow (Dijkstra on reduced costs, then Dinic on the zero-reduced-cost arcs). Integer capacities,
 * integer-valued costs held in float64 so sums stay exact up to 2^53.
 *
 * Arcs come in pairs: arc `a` is forward, `a ^ 1` its reverse, so the reverse of any arc is one XOR
 * away. Adjacency is compressed (CSR): node `u`'s arcs are `order[start[u] .. start[u+1])`.
 *
 * A convex arc prices its k-th unit (k = 0, 1, …) at weight·(2k + 1), so carrying l units costs
 * weight·l². One such arc stands for l parallel unit arcs of rising cost, without their l-fold
 * adjacency: the cost of its next unit (and of undoing its last) is read from its current flow.
 */

export class FlowNetworkBuilder {
  private nodes = 0;
  private readonly tails: number[] = [];
  private readonly heads: number[] = [];
  private readonly caps: number[] = [];
  private readonly costs: number[] = [];
  private readonly convex: number[] = [];

  addNode(): number {
    return this.nodes++;
  }

  /** Adds `from → to` with `capacity` and unit `cost`; returns the forward arc id. */
  addArc(from: number, to: number, capacity: number, cost = 0): number {
    const id = this.tails.length * 2;
    this.tails.push(from);
    this.heads.push(to);
    this.caps.push(capacity);
    this.costs.push(cost);
    this.convex.push(0);
    return id;
  }

  /** Adds an arc whose flow l costs weight·l² (see the class comment); returns its id. */
  addConvexArc(from: number, to: number, capacity: number, weight: number): number {
    const id = this.addArc(from, to, capacity, weight);
    this.convex[id / 2] = 1;
    return id;
  }

  build(): FlowNetwork {
    return new FlowNetwork(this.nodes, this.tails, this.heads, this.caps, this.costs, this.convex);
  }
}

export interface FlowState {
  readonly capacity: Int32Array;
  readonly residual: Int32Array;
}

export class FlowNetwork {
  readonly nodeCount: number;
  readonly arcCount: number;
  /** node each arc points to */
  readonly head: Int32Array;
  /** capacity as built (0 for reverse arcs) */
  readonly capacity: Int32Array;
  /** what can still be pushed along each arc */
  readonly residual: Int32Array;
  /** cost per unit (reverse arcs carry the negated cost); a convex arc's weight */
  readonly cost: Float64Array;
  /** 1 on a convex arc, 2 on its reverse, 0 elsewhere */
  private readonly convex: Uint8Array;
  private readonly start: Int32Array;
  private readonly order: Int32Array;
  // scratch, allocated once and reused by every run
  private readonly level: Int32Array;
  private readonly queue: Int32Array;
  private readonly cursor: Int32Array;
  private readonly path: Int32Array;

  constructor(
    nodes: number,
    tails: number[],
    heads: number[],
    caps: number[],
    costs: number[],
    convex: number[],
  ) {
    const m = tails.length;
    this.nodeCount = nodes;
    this.arcCount = 2 * m;
    this.head = new Int32Array(2 * m);
    this.capacity = new Int32Array(2 * m);
    this.residual = new Int32Array(2 * m);
    this.cost = new Float64Array(2 * m);
    this.convex = new Uint8Array(2 * m);
    const degree = new Int32Array(nodes + 1);
    for (let i = 0; i < m; i++) {
      const f = 2 * i;
      this.head[f] = heads[i];
      this.head[f + 1] = tails[i];
      this.capacity[f] = caps[i];
      this.residual[f] = caps[i];
      this.cost[f] = costs[i];
      this.cost[f + 1] = -costs[i];
      if (convex[i] === 1) {
        this.convex[f] = 1;
        this.convex[f + 1] = 2;
      }
      degree[tails[i] + 1]++;
      degree[heads[i] + 1]++;
    }
    for (let u = 0; u < nodes; u++) degree[u + 1] += degree[u];
    this.start = degree;
    this.order = new Int32Array(2 * m);
    const fill = degree.slice(0, nodes);
    // insertion order is kept within each node, so runs are deterministic
    for (let i = 0; i < m; i++) {
      this.order[fill[tails[i]]++] = 2 * i;
      this.order[fill[heads[i]]++] = 2 * i + 1;
    }
    this.level = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
    this.cursor = new Int32Array(nodes);
    this.path = new Int32Array(nodes);
  }

  /** Flow on a forward arc. */
  flow(arc: number): number {
    return this.capacity[arc] - this.residual[arc];
  }

  /** Changes a forward arc's capacity, keeping its flow (which must fit). */
  setCapacity(arc: number, capacity: number): void {
    const flow = this.flow(arc);
    if (flow > capacity) throw new RangeError(`arc ${arc} carries ${flow} > new capacity ${capacity}`);
    this.capacity[arc] = capacity;
    this.residual[arc] = capacity - flow;
  }

  /** Cost of one more unit along arc `a` at the current flow. */
  unitCost(a: number): number {
    const kind = this.convex[a];
    if (kind === 0) return this.cost[a];
    if (kind === 1) return this.cost[a] * (2 * (this.capacity[a] - this.residual[a]) + 1);
    const forward = a ^ 1;
    return -this.cost[forward] * (2 * (this.capacity[forward] - this.residual[forward]) - 1);
  }

  /** Removes all flow. */
  clearFlow(): void {
    this.residual.set(this.capacity);
  }

  /** Copy of the current capacities and flow. */
  snapshot(): FlowState {
    return { capacity: this.capacity.slice(), residual: this.residual.slice() };
  }

  restore(state: FlowState): void {
    this.capacity.set(state.capacity);
    this.residual.set(state.residual);
  }

  /** Augments the current flow to a maximum s–t flow (Dinic); returns the flow added. */
  maxFlow(source: number, sink: number, limit = Number.POSITIVE_INFINITY): number {
    let total = 0;
    while (total < limit && this.levelGraph(source, sink, null)) {
      total += this.blockingFlow(source, sink, null, limit - total);
    }
    return total;
  }

  /**
   * Sends up to `limit` units from source to sink at minimum total cost, starting from the current
   * flow, which must be of minimum cost for its value with no negative-cost residual arc reachable
   * from the zero potentials (true for zero flow when every cost is ≥ 0). Successive shortest paths,
   * batched: each Dijkstra on reduced costs is followed by a whole max flow on the arcs whose
   * reduced cost is zero, so the number of Dijkstra runs is the number of distinct path lengths,
   * not the number of units.
   */
  minCostFlow(
    source: number,
    sink: number,
    limit = Number.POSITIVE_INFINITY,
  ): { flow: number; phases: number } {
    const n = this.nodeCount;
    const potential = new Float64Array(n);
    const dist = new Float64Array(n);
    const done = new Uint8Array(n);
    const heap = new IndexedMinHeap(n);
    let total = 0;
    let phases = 0;
    while (total < limit) {
      dist.fill(Number.POSITIVE_INFINITY);
      done.fill(0);
      dist[source] = 0;
      heap.push(source, 0);
      while (heap.size > 0) {
        const u = heap.pop();
        done[u] = 1;
        if (u === sink) break;
        const du = dist[u] + potential[u];
        for (let i = this.start[u], end = this.start[u + 1]; i < end; i++) {
          const a = this.order[i];
          if (this.residual[a] === 0) continue;
          const v = this.head[a];
          if (done[v] === 1) continue;
          const dv = du + (this.convex[a] === 0 ? this.cost[a] : this.unitCost(a)) - potential[v];
          if (dv < dist[v]) {
            if (dist[v] === Number.POSITIVE_INFINITY) heap.push(v, dv);
            else heap.decrease(v, dv);
            dist[v] = dv;
          }
        }
      }
      heap.clear();
      if (done[sink] === 0) break;
      phases++;
      // Truncating at the sink's distance keeps every residual reduced cost ≥ 0 (a Dijkstra that
      // stops early is still a valid potential update).
      const cut = dist[sink];
      for (let v = 0; v < n; v++) potential[v] += dist[v] < cut ? dist[v] : cut;
      while (total < limit && this.levelGraph(source, sink, potential)) {
        total += this.blockingFlow(source, sink, potential, limit - total);
      }
    }
    return { flow: total, phases };
  }

  /** BFS levels over arcs with residual capacity (and zero reduced cost when priced). */
  private levelGraph(source: number, sink: number, potential: Float64Array | null): boolean {
    const { level, queue, head, residual, cost, convex, order, start } = this;
    level.fill(-1);
    level[source] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = source;
    while (qh < qt) {
      const u = queue[qh++];
      // nothing past the sink's level can lie on a shortest augmenting path
      if (level[sink] !== -1 && level[u] >= level[sink]) break;
      const next = level[u] + 1;
      const pu = potential === null ? 0 : potential[u];
      for (let i = start[u], end = start[u + 1]; i < end; i++) {
        const a = order[i];
        if (residual[a] === 0) continue;
        const v = head[a];
        if (level[v] !== -1) continue;
        if (potential !== null && (convex[a] === 0 ? cost[a] : this.unitCost(a)) + pu - potential[v] !== 0)
          continue;
        level[v] = next;
        queue[qt++] = v;
      }
    }
    return level[sink] !== -1;
  }

  /** Iterative DFS pushing along level-increasing arcs until the sink is cut off. */
  private blockingFlow(source: number, sink: number, potential: Float64Array | null, limit: number): number {
    const { level, cursor, path, head, residual, cost, convex, order, start } = this;
    cursor.set(start.subarray(0, this.nodeCount));
    let total = 0;
    let depth = 0;
    let u = source;
    while (total < limit) {
      if (u === sink) {
        let push = limit - total;
        for (let k = 0; k < depth; k++) {
          const a = path[k];
          if (residual[a] < push) push = residual[a];
          // a convex arc's price holds for one unit only (when pricing matters)
          if (potential !== null && convex[a] !== 0) push = Math.min(push, 1);
        }
        let firstSaturated = -1;
        for (let k = 0; k < depth; k++) {
          const a = path[k];
          residual[a] -= push;
          residual[a ^ 1] += push;
          // a convex arc just got dearer, so like a saturated arc it leaves the admissible graph
          const spent = residual[a] === 0 || (potential !== null && convex[a] !== 0);
          if (firstSaturated < 0 && spent) firstSaturated = k;
        }
        total += push;
        if (firstSaturated < 0) break; // only the limit stopped us
        depth = firstSaturated;
        u = depth === 0 ? source : head[path[depth - 1]];
        continue;
      }
      const next = level[u] + 1;
      const pu = potential === null ? 0 : potential[u];
      let advanced = false;
      for (const end = start[u + 1]; cursor[u] < end; cursor[u]++) {
        const a = order[cursor[u]];
        if (residual[a] === 0) continue;
        const v = head[a];
        if (level[v] !== next) continue;
        if (potential !== null && (convex[a] === 0 ? cost[a] : this.unitCost(a)) + pu - potential[v] !== 0)
          continue;
        path[depth++] = a;
        u = v;
        advanced = true;
        break;
      }
      if (advanced) continue;
      if (u === source) break;
      level[u] = -1; // dead end: never enter it again in this round
      depth--;
      u = head[path[depth] ^ 1];
      cursor[u]++;
    }
    return total;
  }
}

/** Binary min-heap of node ids keyed by distance, with decrease-key. */
class IndexedMinHeap {
  private readonly nodes: Int32Array;
  private readonly keys: Float64Array;
  private readonly position: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  push(node: number, key: number): void {
    const i = this.size++;
    this.nodes[i] = node;
    this.keys[i] = key;
    this.position[node] = i;
    this.up(i);
  }

  decrease(node: number, key: number): void {
    const i = this.position[node];
    this.keys[i] = key;
    this.up(i);
  }

  pop(): number {
    const top = this.nodes[0];
    this.position[top] = -1;
    const last = --this.size;
    if (last > 0) {
      this.nodes[0] = this.nodes[last];
      this.keys[0] = this.keys[last];
      this.position[this.nodes[0]] = 0;
      this.down(0);
    }
    return top;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.position[this.nodes[i]] = -1;
    this.size = 0;
  }

  // ties broken by node id so runs never depend on anything but the input
  private less(i: number, j: number): boolean {
    const ki = this.keys[i];
    const kj = this.keys[j];
    return ki < kj || (ki === kj && this.nodes[i] < this.nodes[j]);
  }

  private swap(i: number, j: number): void {
    const ni = this.nodes[i];
    const nj = this.nodes[j];
    const ki = this.keys[i];
    this.nodes[i] = nj;
    this.keys[i] = this.keys[j];
    this.nodes[j] = ni;
    this.keys[j] = ki;
    this.position[nj] = i;
    this.position[ni] = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const r = l + 1;
      const c = r < this.size && this.less(r, l) ? r : l;
      if (!this.less(c, i)) return;
      this.swap(c, i);
      i = c;
    }
  }
}
