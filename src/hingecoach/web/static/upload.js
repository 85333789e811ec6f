// hingecoach upload page: send one video, poll the analysis, show the result.
"use strict";

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get("token");
const withToken = (url) => (token ? `${url}?token=${encodeURIComponent(token)}` : url);

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function upload(file) {
  $("result").replaceChildren();
  const bar = $("progress");
  bar.hidden = false; bar.value = 0;
  setStatus(`Uploading ${file.name}…`);
  const form = new FormData();
  form.append("file", file);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", withToken("/api/uploads"));
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
  xhr.onload = () => {
    let body = {};
    try { body = JSON.parse(xhr.responseText); } catch (_) { body = { message: xhr.responseText }; }
    if (xhr.status !== 202) { bar.hidden = true; setStatus(body.message || "Upload failed.", true); return; }
    setStatus(`Analysing ${file.name}…`);
    poll(body.id);
  };
  xhr.onerror = () => setStatus("The upload did not reach the server; is it still running?", true);
  xhr.send(form);
}

async function poll(id) {
  const response = await fetch(withToken(`/api/uploads/${id}`));
  const job = await response.json();
  if (!response.ok) { setStatus(job.message, true); return; }
  const bar = $("progress");
  if (job.state === "running" || job.state === "queued") {
    bar.value = job.frames_expected ? job.frames_done / job.frames_expected : 0;
    setStatus(`Analysing ${job.filename}: frame ${job.frames_done} of ~${job.frames_expected}…`);
    setTimeout(() => poll(id), 500);
    return;
  }
  bar.hidden = true;
  if (job.state === "error") { setStatus(job.error, true); return; }
  setStatus(`Done: ${job.filename}. The uploaded copy has been deleted.`);
  showResult(job.result, job.report_url);
}

function el(tag, text) { const node = document.createElement(tag); node.textContent = text; return node; }

function showResult(r, reportUrl) {
  const out = $("result");
  out.append(el("p", `${r.rep_count} rep${r.rep_count === 1 ? "" : "s"} · view: ${r.view} · score: ${r.score ?? "–"}`));
  if (reportUrl) {
    const link = el("a", "Open the full report");
    link.href = withToken(reportUrl);
    link.id = "report-link";
    link.target = "_blank";
    out.append(el("p", ""));
    out.lastChild.append(link);
  }
  if (r.focus) {
    out.append(el("h3", "Focus for next time"), el("p", r.focus.cue), el("p", r.focus.learning_aid));
  }
  for (const warning of r.warnings) out.append(el("p", `Note: ${warning}`));
  const table = document.createElement("table");
  table.append(el("tr", ""));
  table.rows[0].append(...["Rep", "Down s", "Up s", "Hip °", "Score", "Faults"].map((h) => el("th", h)));
  for (const rep of r.reps) {
    const row = table.insertRow();
    const faults = (rep.faults || []).map((f) => f.code.replaceAll("_", " ")).join(", ") || "clean";
    const cells = [rep.index, rep.lowering_s?.toFixed(1), rep.rising_s?.toFixed(1),
      rep.peak_hip_flexion_deg?.toFixed(0), rep.score ?? "–", faults];
    for (const cell of cells) row.append(el("td", cell ?? "–"));
  }
  out.append(table);
  const details = document.createElement("details");
  details.append(el("summary", "Full result (JSON)"), el("pre", JSON.stringify(r, null, 2)));
  out.append(details);
}

const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault(); drop.classList.remove("over");
  if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
});
$("file").addEventListener("change", (e) => { if (e.target.files.length) upload(e.target.files[0]); });
