/**
 * The web page's script (bundled by scripts/build-web.ts into dist/web/app.js, served as /assets/app.js). Every
 * page works without it; it adds: the side-by-side / stacked switch of a report, the busy state of the check form,
 * and the interactive copy network graph (sigma.js over graphology, bundled, no external resource). Text from the
 * corpus reaches the DOM only as text (textContent, sigma's canvas labels), never as markup.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';

interface NetworkJson {
  sites: { site: string; name: string | null; articles: number; wire: boolean; copiedShare: number }[];
  edges: { from: string; to: string; articles: number; syndication: boolean }[];
}

function viewSwitch(): void {
  const box = document.querySelector<HTMLElement>('[data-view-switch]');
  const report = document.querySelector<HTMLElement>('.unspun-report');
  if (!box || !report) return;
  const buttons = [...box.querySelectorAll<HTMLButtonElement>('button[data-view]')];
  const apply = (view: string) => {
    report.classList.toggle('side-by-side', view === 'side-by-side');
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.view === view));
    try {
      localStorage.setItem('unspun-view', view);
    } catch {
      // Storage may be off; the choice then lasts for this page.
    }
  };
  let saved: string | null = null;
  try {
    saved = localStorage.getItem('unspun-view');
  } catch {
    saved = null;
  }
  apply(saved === 'stacked' ? 'stacked' : 'side-by-side');
  for (const b of buttons) b.addEventListener('click', () => apply(b.dataset.view ?? 'side-by-side'));
  box.hidden = false;
}

function busyForm(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-busy-text]')) {
    form.addEventListener('submit', () => {
      const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
      form.setAttribute('aria-busy', 'true');
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.busyText ?? 'Working…';
      }
    });
  }
}

async function networkGraph(): Promise<void> {
  const box = document.querySelector<HTMLElement>('#graph[data-network]');
  if (!box) return;
  let net: NetworkJson;
  try {
    const res = await fetch(box.dataset.network ?? '/api/network', {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return;
    net = (await res.json()) as NetworkJson;
  } catch {
    return;
  }
  // The strongest relations only: a graph of thousands of edges says less than the table below it.
  const edges = [...net.edges].sort((a, b) => b.articles - a.articles).slice(0, 400);
  if (edges.length === 0) return;
  const info = new Map(net.sites.map((s) => [s.site, s]));
  const graph = new Graph({ type: 'directed', multi: false });
  const addSite = (site: string) => {
    if (graph.hasNode(site)) return;
    const s = info.get(site);
    const articles = s?.articles ?? 1;
    graph.addNode(site, {
      label: s?.name || site,
      size: 5 + Math.min(15, 2 * Math.sqrt(articles)),
      color: s?.wire ? '#1f4f8a' : (s?.copiedShare ?? 0) >= 0.5 ? '#a4231b' : '#6b7480',
      x: Math.random(),
      y: Math.random(),
    });
  };
  const maxW = Math.max(...edges.map((e) => e.articles));
  for (const e of edges) {
    addSite(e.from);
    addSite(e.to);
    graph.addDirectedEdge(e.from, e.to, {
      size: 1 + (4 * e.articles) / maxW,
      color: e.syndication ? '#9db4d3' : '#c9a3a0',
      type: 'arrow',
    });
  }
  forceAtlas2.assign(graph, {
    iterations: 200,
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300 },
  });
  box.replaceChildren();
  let renderer: Sigma;
  try {
    // Every label on a small graph; on a large one, labels of the larger sites (the others on zoom).
    renderer = new Sigma(graph, box, {
      defaultEdgeType: 'arrow',
      labelRenderedSizeThreshold: graph.order <= 80 ? 0 : 9,
      labelDensity: graph.order <= 80 ? 10 : 1,
    });
  } catch {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent =
      'This browser cannot draw the graph (WebGL is off); the table below has the same relations.';
    box.append(p);
    return;
  }
  renderer.on('clickNode', ({ node }) => {
    location.href = `/sites/${encodeURIComponent(node)}`;
  });
  box.dataset.ready = 'true';
  const help = document.querySelector<HTMLElement>('[data-graph-help]');
  if (help) help.hidden = false;
}

viewSwitch();
busyForm();
void networkGraph();
