// The drawing of a view: Cytoscape.js with positions from layout.js, one
// colour and shape per kind, column headings, and the drawing's exports
// (PNG from Cytoscape's canvas, SVG written here from the same geometry).

import cytoscape from 'cytoscape';
import { layout } from './layout.js';
import { nodeLabel, nodeStatus, sortedElements } from './graphdata.js';
import { xmlEscape } from './exports.js';

export const KINDS = {
  CONTROL: { color: '#c0392b', shape: 'octagon' },
  MATERIAL: { color: '#1f6fb4', shape: 'ellipse' },
  GROUP: { color: '#6baed6', shape: 'round-rectangle' },
  FACILITY: { color: '#8c564b', shape: 'rectangle' },
  PRODUCT: { color: '#2e9d3a', shape: 'round-rectangle' },
  COMPANY: { color: '#8e5bbd', shape: 'barrel' },
  COUNTRY: { color: '#e07b10', shape: 'diamond' },
  INSTITUTION: { color: '#6b7480', shape: 'hexagon' },
  OFFICIAL: { color: '#17a2b8', shape: 'ellipse' },
  EVENT: { color: '#b5a300', shape: 'star' },
  STATEMENT: { color: '#d45fae', shape: 'tag' },
  SOURCE: { color: '#999999', shape: 'rectangle' },
};

const EDGE_COLORS = {
  restricts: '#c0392b',
  applies_to: '#c0392b',
  suspends: '#e67e22',
  issued_by: '#6b7480',
  needs: '#2e9d3a',
  in_group: '#6baed6',
  produces: '#8c564b',
  supplies: '#8c564b',
  operates: '#8e5bbd',
  owns: '#8e5bbd',
  licensed_under: '#8e5bbd',
  depends_on: '#e07b10',
  imports_from: '#e07b10',
  exports_to: '#e07b10',
};

const NODE_SIZE = 26;
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

const STYLE = [
  {
    selector: 'node',
    style: {
      width: NODE_SIZE,
      height: NODE_SIZE,
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
      color: '#1d2733',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': 150,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': 1,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  { selector: 'node[color]', style: { 'background-color': 'data(color)', shape: 'data(shape)' } },
  { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#1d2733', 'font-weight': 'bold' } },
  {
    selector: 'node.stopped',
    style: { 'background-color': '#ffffff', 'border-width': 3, 'border-style': 'dashed', 'border-color': 'data(color)' },
  },
  { selector: 'node.root.stopped', style: { 'border-color': '#1d2733' } },
  { selector: 'node.unreached', style: { opacity: 0.45 } },
  { selector: 'node:selected', style: { 'overlay-color': '#1f6fb4', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
  { selector: 'node.dim, edge.dim', style: { opacity: 0.15 } },
  {
    selector: 'node.heading',
    style: {
      shape: 'rectangle',
      width: 1,
      height: 1,
      'background-opacity': 0,
      'border-width': 0,
      label: 'data(label)',
      'font-size': 13,
      'font-weight': 'bold',
      color: '#52606d',
      'text-valign': 'center',
      'text-background-opacity': 0,
      events: 'no',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 1.6,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      'curve-style': 'bezier',
      opacity: 0.85,
      'font-size': 10,
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': 2,
    },
  },
  { selector: 'edge[color]', style: { 'line-color': 'data(color)', 'target-arrow-color': 'data(color)' } },
  {
    selector: 'edge.same-column',
    style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 'data(bow)', 'control-point-weights': 0.5 },
  },
  { selector: 'edge.inactive', style: { 'line-style': 'dashed', 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1' } },
  { selector: 'edge.hover, edge:selected, edge.lit', style: { width: 3.5, opacity: 1, label: 'data(type)', 'z-index': 10 } },
  { selector: 'node.lit', style: { 'border-width': 3, 'border-color': '#f1c40f' } },
];

/**
 * A drawing in `container`. handlers: node(id, event), nodeDouble(id),
 * edgeOver(key, renderedPosition), edgeOut(key), edge(key, renderedPosition),
 * background().
 */
export function createDrawing(container, handlers) {
  const cy = cytoscape({
    container,
    style: STYLE,
    layout: { name: 'preset' },
    minZoom: 0.1,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: false,
  });
  let lastTap = { id: null, t: 0 };
  cy.on('tap', 'node', (ev) => {
    const id = ev.target.id();
    const now = Date.now();
    if (lastTap.id === id && now - lastTap.t < 350) {
      lastTap = { id: null, t: 0 };
      handlers.nodeDouble?.(id);
      return;
    }
    lastTap = { id, t: now };
    handlers.node?.(id, ev.renderedPosition);
  });
  cy.on('mouseover', 'edge', (ev) => {
    ev.target.addClass('hover');
    handlers.edgeOver?.(ev.target.id(), ev.renderedPosition);
  });
  cy.on('mouseout', 'edge', (ev) => {
    ev.target.removeClass('hover');
    handlers.edgeOut?.(ev.target.id());
  });
  cy.on('tap', 'edge', (ev) => handlers.edge?.(ev.target.id(), ev.renderedPosition));
  cy.on('tap', (ev) => {
    if (ev.target === cy) handlers.background?.();
  });

  let current = null;

  /** Draws a view graph; returns what was drawn, for the page's data attributes. */
  function draw(g) {
    current = g;
    const { nodes, edges } = sortedElements(g);
    const { positions, columns } = layout(nodes, edges);
    const elements = [];
    columns.forEach((c, i) => {
      elements.push({
        group: 'nodes',
        data: { id: `heading:${i}`, label: c.label },
        position: { x: c.x, y: c.y },
        classes: 'heading',
        selectable: false,
        grabbable: false,
      });
    });
    for (const n of nodes) {
      const k = KINDS[n.kind] || KINDS.SOURCE;
      const status = nodeStatus(n);
      const classes = [];
      if (n.id === g.root) classes.push('root');
      if (status && status !== 'PENDING') classes.push('stopped');
      if (n.reached === false && !n.context) classes.push('unreached');
      elements.push({
        group: 'nodes',
        data: {
          id: n.id,
          label: nodeLabel(n) + (status ? `\n${status}` : ''),
          color: k.color,
          shape: k.shape,
        },
        position: positions.get(n.id),
        classes: classes.join(' '),
      });
    }
    for (const e of edges) {
      if (!g.nodes.has(e.from) || !g.nodes.has(e.to)) continue;
      const a = positions.get(e.from);
      const b = positions.get(e.to);
      // An edge within one column bows out of it rather than run through the nodes between its ends.
      const sameColumn = Math.abs(a.x - b.x) < 100 && e.from !== e.to;
      const classes = [];
      if (e.acting === false) classes.push('inactive');
      if (sameColumn) classes.push('same-column');
      elements.push({
        group: 'edges',
        data: {
          id: e.key,
          source: e.from,
          target: e.to,
          type: e.type,
          color: EDGE_COLORS[e.type] || '#7b8794',
          bow: sameColumn ? Math.min(160, 30 + Math.abs(a.y - b.y) / 4) * (a.y < b.y ? -1 : 1) : 0,
        },
        classes: classes.join(' '),
      });
    }
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    cy.resize();
    fit();
    return {
      nodes: nodes.map((n) => n.id),
      edges: edges.filter((e) => g.nodes.has(e.from) && g.nodes.has(e.to)).map((e) => e.key),
    };
  }

  function fit() {
    cy.fit(cy.elements(), 30);
    if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center();
    }
  }

  /** Lights up some edges and their ends, dims the rest; none: all plain. */
  function highlight(edgeKeys) {
    cy.batch(() => {
      cy.elements().removeClass('lit dim');
      if (!edgeKeys) return;
      const lit = new Set(edgeKeys);
      cy.edges().forEach((e) => {
        if (lit.has(e.id())) {
          e.addClass('lit');
          e.source().addClass('lit');
          e.target().addClass('lit');
        }
      });
      cy.elements().not('.lit').not('.heading').addClass('dim');
      cy.nodes('.lit').removeClass('dim');
    });
  }

  function select(id) {
    cy.elements().unselect();
    if (id) cy.getElementById(id).select();
  }

  /** The drawing as a PNG blob, at twice the screen's scale, on white. */
  function png() {
    return cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' });
  }

  return { cy, draw, fit, highlight, select, png, svg: () => toSVG(cy, current), resize: () => cy.resize() };
}

const POLYGONS = {
  octagon: [[-0.41, -1], [0.41, -1], [1, -0.41], [1, 0.41], [0.41, 1], [-0.41, 1], [-1, 0.41], [-1, -0.41]],
  diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
  hexagon: [[-0.5, -1], [0.5, -1], [1, 0], [0.5, 1], [-0.5, 1], [-1, 0]],
  tag: [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]],
  star: [[0, -1], [0.22, -0.31], [0.95, -0.31], [0.36, 0.12], [0.59, 0.81], [0, 0.38], [-0.59, 0.81], [-0.36, 0.12], [-0.95, -0.31], [-0.22, -0.31]],
};

const num = (v) => Math.round(v * 10) / 10;

/**
 * The drawing as SVG, from the positions, shapes, colours and labels on
 * screen: nodes, edges as the curves Cytoscape drew (dashed where they do
 * not act), arrowheads and column headings.
 */
export function toSVG(cy, g) {
  const bb = cy.elements().boundingBox({ includeLabels: true });
  const pad = 20;
  const x0 = bb.x1 - pad;
  const y0 = bb.y1 - pad;
  const w = bb.w + 2 * pad;
  const hgt = bb.h + 2 * pad;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(w)} ${num(hgt)}" width="${Math.ceil(w)}" height="${Math.ceil(hgt)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif">`,
    `<title>${xmlEscape(g?.title || 'Chokepoint view')}</title>`,
    `<rect x="${num(x0)}" y="${num(y0)}" width="${num(w)}" height="${num(hgt)}" fill="#ffffff"/>`,
  ];
  const colors = new Set();
  cy.edges().forEach((e) => colors.add(e.hasClass('inactive') ? '#9aa5b1' : e.data('color')));
  out.push('<defs>');
  [...colors].sort().forEach((c, i) => {
    out.push(`<marker id="arrow${i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${c}"/></marker>`);
  });
  out.push('</defs>');
  const markerOf = new Map([...colors].sort().map((c, i) => [c, `arrow${i}`]));
  out.push('<g class="edges" fill="none">');
  cy.edges().forEach((e) => {
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    const cps = e.controlPoints() || [];
    let d = `M${num(s.x)},${num(s.y)}`;
    if (cps.length === 1) d += ` Q${num(cps[0].x)},${num(cps[0].y)} ${num(t.x)},${num(t.y)}`;
    else if (cps.length > 1) {
      // Cytoscape draws several control points as quadratic pieces joined at their midpoints.
      for (let i = 0; i < cps.length - 1; i++) {
        const mx = (cps[i].x + cps[i + 1].x) / 2;
        const my = (cps[i].y + cps[i + 1].y) / 2;
        d += ` Q${num(cps[i].x)},${num(cps[i].y)} ${num(mx)},${num(my)}`;
      }
      const last = cps[cps.length - 1];
      d += ` Q${num(last.x)},${num(last.y)} ${num(t.x)},${num(t.y)}`;
    } else d += ` L${num(t.x)},${num(t.y)}`;
    const inactive = e.hasClass('inactive');
    const color = inactive ? '#9aa5b1' : e.data('color');
    out.push(
      `<path data-id="${xmlEscape(e.id())}" d="${d}" stroke="${color}" stroke-width="1.6"${inactive ? ' stroke-dasharray="6 4"' : ''} stroke-opacity="0.85" marker-end="url(#${markerOf.get(color)})"><title>${xmlEscape(e.data('type'))}</title></path>`,
    );
  });
  out.push('</g>', '<g class="nodes">');
  cy.nodes().forEach((n) => {
    const p = n.position();
    const label = String(n.data('label') || '');
    if (n.hasClass('heading')) {
      out.push(`<text x="${num(p.x)}" y="${num(p.y + 4)}" text-anchor="middle" font-size="13" font-weight="bold" fill="#52606d">${xmlEscape(label)}</text>`);
      return;
    }
    const r = NODE_SIZE / 2;
    const stopped = n.hasClass('stopped');
    const color = n.data('color');
    const fill = stopped ? '#ffffff' : color;
    const stroke = n.hasClass('root') ? '#1d2733' : stopped ? color : '#ffffff';
    const sw = n.hasClass('root') ? 4 : stopped ? 3 : 1;
    const attrs = `fill="${fill}" stroke="${stroke}" stroke-width="${sw}"${stopped ? ' stroke-dasharray="4 3"' : ''}${n.hasClass('unreached') ? ' opacity="0.45"' : ''}`;
    const shape = n.data('shape');
    out.push(`<g data-id="${xmlEscape(n.id())}"><title>${xmlEscape(g?.nodes.get(n.id())?.name || n.id())}</title>`);
    if (shape === 'ellipse') out.push(`<circle cx="${num(p.x)}" cy="${num(p.y)}" r="${r}" ${attrs}/>`);
    else if (POLYGONS[shape]) {
      const pts = POLYGONS[shape].map(([x, y]) => `${num(p.x + x * r)},${num(p.y + y * r)}`).join(' ');
      out.push(`<polygon points="${pts}" ${attrs}/>`);
    } else {
      const rx = shape === 'rectangle' ? 0 : shape === 'barrel' ? r / 2 : 5;
      out.push(`<rect x="${num(p.x - r)}" y="${num(p.y - r)}" width="${2 * r}" height="${2 * r}" rx="${rx}" ${attrs}/>`);
    }
    const lines = wrap(label, 150);
    lines.forEach((line, i) => {
      out.push(
        `<text x="${num(p.x)}" y="${num(p.y + r + 15 + i * 13)}" text-anchor="middle" font-size="11" fill="#1d2733" stroke="#ffffff" stroke-width="3" stroke-opacity="0.8" paint-order="stroke"${n.hasClass('root') ? ' font-weight="bold"' : ''}>${xmlEscape(line)}</text>`,
      );
    });
    out.push('</g>');
  });
  out.push('</g>', '</svg>');
  return out.join('\n') + '\n';
}

let measurer = null;

/** Lines of a label as Cytoscape wraps it: at newlines, then at spaces within maxWidth pixels. */
function wrap(label, maxWidth) {
  measurer = measurer || document.createElement('canvas').getContext('2d');
  measurer.font = FONT;
  const out = [];
  for (const para of label.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? line + ' ' + word : word;
      if (line && measurer.measureText(next).width > maxWidth) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}
