import fc from 'fast-check';
import { FlowNetworkBuilder } from './flow-network';

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly capacity: number;
  readonly cost: number;
}

/** Reference: successive shortest paths with Bellman–Ford, one path at a time, on a plain edge list. */
function referenceMinCostMaxFlow(
  n: number,
  edges: readonly Edge[],
  s: number,
  t: number,
): { flow: number; cost: number } {
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  for (const e of edges) {
    to.push(e.to, e.from);
    cap.push(e.capacity, 0);
    cost.push(e.cost, -e.cost);
  }
  const from = (a: number) => to[a ^ 1];
  let flow = 0;
  let total = 0;
  for (;;) {
    const dist = new Array<number>(n).fill(Infinity);
    const via = new Array<number>(n).fill(-1);
    dist[s] = 0;
    for (let round = 0; round < n; round++) {
      for (let a = 0; a < to.length; a++) {
        if (cap[a] > 0 && dist[from(a)] + cost[a] < dist[to[a]]) {
          dist[to[a]] = dist[from(a)] + cost[a];
          via[to[a]] = a;
        }
      }
    }
    if (dist[t] === Infinity) return { flow, cost: total };
    let push = Infinity;
    for (let v = t; v !== s; v = from(via[v])) push = Math.min(push, cap[via[v]]);
    for (let v = t; v !== s; v = from(via[v])) {
      cap[via[v]] -= push;
      cap[via[v] ^ 1] += push;
    }
    flow += push;
    total += push * dist[t];
  }
}

function build(n: number, edges: readonly Edge[]) {
  const b = new FlowNetworkBuilder();
  for (let i = 0; i < n; i++) b.addNode();
  const arcs = edges.map((e) => b.addArc(e.from, e.to, e.capacity, e.cost));
  return { network: b.build(), arcs };
}

const graphs = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: n - 1 }),
        to: fc.integer({ min: 0, max: n - 1 }),
        capacity: fc.integer({ min: 0, max: 5 }),
        cost: fc.integer({ min: 0, max: 9 }),
      }),
      { maxLength: 24 },
    ),
  }),
);

describe('FlowNetwork', () => {
  it('finds the textbook maximum flow (CLRS figure 26.1: 23)', () => {
    const edges = [
      [0, 1, 16],
      [0, 2, 13],
      [2, 1, 4],
      [1, 3, 12],
      [3, 2, 9],
      [2, 4, 14],
      [4, 3, 7],
      [3, 5, 20],
      [4, 5, 4],
    ].map(([from, to, capacity]) => ({ from, to, capacity, cost: 0 }));
    const { network } = build(6, edges);
    expect(network.maxFlow(0, 5)).toBe(23);
    expect(network.maxFlow(0, 5)).toBe(0); // already maximum
  });

  it('prices a convex arc at weight·load²', () => {
    // two parallel routes; one convex arc of weight 1 and a flat arc of cost 4 per unit
    const b = new FlowNetworkBuilder();
    const [s, a, t] = [b.addNode(), b.addNode(), b.addNode()];
    const convex = b.addConvexArc(s, a, 5, 1);
    b.addArc(a, t, 5);
    const flat = b.addArc(s, t, 5, 4);
    const network = b.build();
    // units cost 1, 3, 5, 7, 9 on the convex arc, 4 flat: the cheapest 6 units are 1, 3, 4×4
    expect(network.minCostFlow(s, t, 6).flow).toBe(6);
    expect(network.flow(convex)).toBe(2);
    expect(network.flow(flat)).toBe(4);
  });

  it('agrees with a reference max flow and min-cost flow on random graphs', () => {
    fc.assert(
      fc.property(graphs, ({ n, edges }) => {
        const reference = referenceMinCostMaxFlow(n, edges, 0, n - 1);
        const plain = build(n, edges).network;
        expect(plain.maxFlow(0, n - 1)).toBe(reference.flow);
        const { network, arcs } = build(n, edges);
        expect(network.minCostFlow(0, n - 1).flow).toBe(reference.flow);
        const cost = arcs.reduce((sum, arc, i) => sum + network.flow(arc) * edges[i].cost, 0);
        expect(cost).toBe(reference.cost);
      }),
      { seed: 26, numRuns: 300 },
    );
  });
});
