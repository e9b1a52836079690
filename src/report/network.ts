/**
 * The copy network in the formats researchers open it with: a graphology graph, GEXF (Gephi) through
 * graphology-gexf, GraphML through xml-writer (both escape every name and value), CSV of the edges, and a
 * readable terminal table of the top copy relations. Site names and URLs are untrusted: controls are shown
 * visibly in every format, and CSV cells cannot start a formula.
 */
import { DirectedGraph } from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import XMLWriter from 'xml-writer';
import type { Network } from '../engine/network.js';
import { csvCell, neutraliseControls } from './safe-text.js';

type Attrs = Record<string, string | number | boolean>;

/** The network as a directed graphology graph: nodes are sites, edges go from the copier to its source. */
export function networkGraph(net: Network): DirectedGraph<Attrs, Attrs> {
  const g = new DirectedGraph<Attrs, Attrs>();
  // Node keys are written out as ids (GEXF, GraphML): controls made visible, distinct names kept distinct.
  const keys = new Map<string, string>();
  const used = new Set<string>();
  const key = (site: string): string => {
    let k = keys.get(site);
    if (k === undefined) {
      const base = neutraliseControls(site);
      k = base;
      for (let n = 2; used.has(k); n++) k = `${base} (${n})`;
      keys.set(site, k);
      used.add(k);
    }
    return k;
  };
  for (const s of net.sites) {
    g.addNode(key(s.site), {
      label: neutraliseControls(s.name ?? s.site),
      articles: s.articles,
      copiedShare: s.copiedShare,
      copiedFrom: s.copiedFrom,
      wire: s.wire,
    });
  }
  for (const e of net.edges) {
    const from = key(e.from);
    const to = key(e.to);
    if (!g.hasNode(from)) g.addNode(from, { label: from, articles: 0 });
    if (!g.hasNode(to)) g.addNode(to, { label: to, articles: 0 });
    g.addDirectedEdge(from, to, {
      weight: e.articles,
      articles: e.articles,
      sentences: e.sentences,
      share: e.share,
      medianLagHours: e.medianLagHours ?? -1,
      spinRate: e.spinRate,
      syndication: e.syndication,
      firstSeen: e.firstSeen ?? '',
      lastSeen: e.lastSeen ?? '',
    });
  }
  return g;
}

/** GEXF (1.2, as graphology-gexf writes it) for Gephi. */
export function networkGexf(net: Network): string {
  const g = networkGraph(net);
  return writeGexf(g, {
    formatNode: (key, attrs) => ({
      label: String(attrs.label ?? key),
      attributes: Object.fromEntries(Object.entries(attrs).filter(([k]) => k !== 'label')),
    }),
    formatEdge: (_key, attrs) => ({
      weight: Number(attrs.weight ?? 1),
      attributes: Object.fromEntries(Object.entries(attrs).filter(([k]) => k !== 'weight')),
    }),
  });
}

/** GraphML (yEd, Gephi, NetworkX, igraph). */
export function networkGraphml(net: Network): string {
  const g = networkGraph(net);
  const x = new XMLWriter(true);
  x.startDocument('1.0', 'UTF-8');
  x.startElement('graphml').writeAttribute('xmlns', 'http://graphml.graphdrawing.org/xmlns');
  const keys: { id: string; for: 'node' | 'edge'; name: string; type: string }[] = [];
  const declare = (target: 'node' | 'edge', attrs: Attrs) => {
    for (const [name, v] of Object.entries(attrs)) {
      if (keys.some((k) => k.for === target && k.name === name)) continue;
      const type = typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'string';
      keys.push({ id: `${target[0]}_${name}`, for: target, name, type });
    }
  };
  g.forEachNode((_n, a) => declare('node', a));
  g.forEachEdge((_e, a) => declare('edge', a));
  for (const k of keys) {
    x.startElement('key')
      .writeAttribute('id', k.id)
      .writeAttribute('for', k.for)
      .writeAttribute('attr.name', k.name)
      .writeAttribute('attr.type', k.type)
      .endElement();
  }
  x.startElement('graph').writeAttribute('id', 'copies').writeAttribute('edgedefault', 'directed');
  const data = (target: 'node' | 'edge', attrs: Attrs) => {
    for (const [name, v] of Object.entries(attrs)) {
      x.startElement('data')
        .writeAttribute('key', `${target[0]}_${name}`)
        .text(typeof v === 'string' ? neutraliseControls(v) : String(v))
        .endElement();
    }
  };
  g.forEachNode((n, a) => {
    x.startElement('node').writeAttribute('id', neutraliseControls(n));
    data('node', a);
    x.endElement();
  });
  g.forEachEdge((_e, a, source, target) => {
    x.startElement('edge')
      .writeAttribute('source', neutraliseControls(source))
      .writeAttribute('target', neutraliseControls(target));
    data('edge', a);
    x.endElement();
  });
  x.endElement().endElement().endDocument();
  return `${x.toString()}\n`;
}

/** The edges as CSV, one row per copy relation. */
export function networkCsv(net: Network): string {
  const head = [
    'from',
    'to',
    'articles',
    'sentences',
    'share',
    'median_lag_hours',
    'max_lag_hours',
    'first_seen',
    'last_seen',
    'spin_rate',
    'syndication',
    'example_copy',
    'example_source',
  ];
  const rows = net.edges.map((e) =>
    [
      csvCell(e.from),
      csvCell(e.to),
      e.articles,
      e.sentences,
      e.share,
      e.medianLagHours ?? '',
      e.maxLagHours ?? '',
      csvCell(e.firstSeen),
      csvCell(e.lastSeen),
      e.spinRate,
      e.syndication ? 'yes' : 'no',
      csvCell(e.examples[0]?.copy.url ?? e.examples[0]?.copy.id),
      csvCell(e.examples[0]?.source.url ?? e.examples[0]?.source.id),
    ].join(','),
  );
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

/** The top copy relations as a readable table. */
export function networkTable(net: Network, opts: { limit?: number } = {}): string {
  const limit = opts.limit ?? 25;
  const lines: string[] = [];
  const copiers = net.sites.filter((s) => s.copiedShare > 0).length;
  lines.push(
    `${net.articles} article(s) of ${net.sites.length} site(s), ${net.audited} audited; ` +
      `${net.edges.length} copy relation(s), ${copiers} site(s) copying`,
  );
  if (net.note) lines.push(`note: ${net.note}`);
  if (net.edges.length > 0) {
    const rows = net.edges
      .slice(0, limit)
      .map((e) => [
        neutraliseControls(e.from),
        `${e.syndication ? '=> (wire) ' : '-> '}${neutraliseControls(e.to)}`,
        String(e.articles),
        `${Math.round(e.share * 100)} %`,
        String(e.sentences),
        e.medianLagHours === null ? '-' : `${e.medianLagHours} h`,
        `${Math.round(e.spinRate * 100)} %`,
      ]);
    const head = ['copier', 'copied from', 'articles', 'share', 'sentences', 'median lag', 'spin'];
    const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) =>
      r
        .map((c, i) => (i >= 2 ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
        .join('  ')
        .trimEnd();
    lines.push('', fmt(head), ...rows.map(fmt));
    if (net.edges.length > limit) lines.push(`... ${net.edges.length - limit} more (use --json or --csv)`);
  }
  return `${lines.join('\n')}\n`;
}
