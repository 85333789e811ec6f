// hingecoach "History" page: form score, load and pain trends (Plotly) and the sets table.
"use strict";

const PAIN_COLOURS = { before: "#1f77b4", after: "#d62728", morning: "#9467bd" };

function drawTrend(series) {
  const sets = series.sets;
  const text = sets.variant.map((v, i) => `${v} · ${sets.reps[i]} reps`);
  const traces = [
    { x: sets.t, y: sets.score, text, name: "form score", mode: "lines+markers", yaxis: "y" },
    { x: sets.t, y: sets.load_kg, text, name: "load (kg)", mode: "markers", yaxis: "y2" },
  ];
  for (const [when, points] of Object.entries(series.pain)) {
    traces.push({
      x: points.t, y: points.value, name: `pain ${when}`, mode: "lines+markers", yaxis: "y3",
      line: { color: PAIN_COLOURS[when] },
    });
  }
  const layout = {
    height: 720, margin: { l: 50, r: 20, t: 20, b: 40 },
    grid: { rows: 3, columns: 1, subplots: [["xy"], ["xy2"], ["xy3"]] },
    yaxis: { title: { text: "score" }, range: [0, 100], domain: [0.7, 1] },
    yaxis2: { title: { text: "load kg" }, domain: [0.37, 0.63] },
    yaxis3: { title: { text: "pain" }, range: [0, 10], domain: [0, 0.3] },
  };
  Plotly.newPlot($("trend"), traces, layout, { displaylogo: false, responsive: true });
}

function fill(data) {
  $("title").textContent = `History of ${data.profile}`;
  drawTrend(data.series);
  const body = $("sets");
  body.replaceChildren();
  for (const s of data.sets) {
    const row = el("tr");
    const cells = [
      s.at.replace("T", " "), s.source, s.variant || "-", s.load_kg ?? "-", s.reps,
      s.score === null ? "-" : Math.round(s.score), s.faults.join(", ") || "-",
    ];
    for (const cell of cells) row.append(el("td", cell));
    body.append(row);
  }
  $("changes").replaceChildren(
    ...data.changes.map((c) => el("li", `${c.at.slice(0, 10)}: ${c.from} → ${c.to}. ${c.reason}`)),
  );
}

async function load() {
  try {
    fill(await getJson("/api/program/history"));
  } catch (error) {
    $("title").textContent = error.message;
  }
}

setUpProfileBar(load).then(load);
