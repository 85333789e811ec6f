// hingecoach live page: camera -> JPEG over a WebSocket (one frame in flight) -> results.
"use strict";

const FRAME_WIDTH = 640;        // px sent to the server
const JPEG_QUALITY = 0.7;
const MAX_WAIT_NEW_FRAME_MS = 70;
const SPEAK_GAP_MS = 3000;      // the server already rations cues; this guards overlap
// MediaPipe Pose connections (landmark indices).
const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32],
  [28, 32], [0, 11], [0, 12]];
const SESSION_LABEL = { setup: "set-up check", calibrating: "calibration", counting: "counting" };

const $ = (id) => document.getElementById(id);
const video = $("video");
const overlay = $("overlay");
const grab = document.createElement("canvas");
const token = new URLSearchParams(location.search).get("token");

// Exposed for tests and the latency benchmark.
const stats = window.hingecoach = {
  sent: 0, received: 0, errors: [], latenciesMs: [], totalMs: [], firstSentAt: null,
  lastReceivedAt: null, repCount: 0, cues: [], session: "setup", videoFrames: 0, closed: null,
};
let ws = null;
let inFlight = false;
let sentAt = 0;
let capturedAt = 0;
let lastSentFrame = -1;
let lastSpokenAt = -Infinity;

function trackVideoFrames() {
  if (!("requestVideoFrameCallback" in HTMLVideoElement.prototype)) return;
  const onFrame = () => { stats.videoFrames += 1; video.requestVideoFrameCallback(onFrame); };
  video.requestVideoFrameCallback(onFrame);
}

function socketUrl() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  return `${scheme}://${location.host}/ws/live${query}`;
}

function connect() {
  ws = new WebSocket(socketUrl());
  ws.binaryType = "arraybuffer";
  ws.onmessage = (event) => onMessage(JSON.parse(event.data));
  ws.onclose = (event) => {
    stats.closed = { code: event.code, reason: event.reason };
    showCue(`Connection closed (${event.code}). Reload the page to start again.`, "setup");
  };
}

async function waitForNewFrame() {
  const start = performance.now();
  while (stats.videoFrames === lastSentFrame && performance.now() - start < MAX_WAIT_NEW_FRAME_MS) {
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
}

async function sendFrame() {
  if (!ws || ws.readyState !== WebSocket.OPEN || inFlight) return;
  inFlight = true;
  await waitForNewFrame();
  if (video.readyState < 2 || !video.videoWidth) {
    inFlight = false;
    setTimeout(sendFrame, 30);
    return;
  }
  const width = Math.min(FRAME_WIDTH, video.videoWidth);
  const height = Math.round(video.videoHeight * width / video.videoWidth);
  if (grab.width !== width || grab.height !== height) { grab.width = width; grab.height = height; }
  grab.getContext("2d").drawImage(video, 0, 0, width, height);
  lastSentFrame = stats.videoFrames;
  capturedAt = performance.now();
  const blob = await new Promise((resolve) => grab.toBlob(resolve, "image/jpeg", JPEG_QUALITY));
  const jpeg = new Uint8Array(await blob.arrayBuffer());
  const message = new Uint8Array(8 + jpeg.byteLength);
  new DataView(message.buffer).setFloat64(0, capturedAt, true);
  message.set(jpeg, 8);
  if (ws.readyState !== WebSocket.OPEN) { inFlight = false; return; }
  sentAt = performance.now();
  if (stats.firstSentAt === null) stats.firstSentAt = sentAt;
  ws.send(message);
  stats.sent += 1;
}

function onMessage(msg) {
  const now = performance.now();
  if (msg.type === "ready") { sendFrame(); return; }
  if (msg.type === "finished") {
    $("saved").textContent = msg.saved ? `Saved ${msg.rep_count} reps.` : "No reps to save.";
    return;
  }
  if (msg.type === "error") {
    stats.errors.push(msg.message);
    if (msg.t_ms !== undefined) { inFlight = false; sendFrame(); }
    return;
  }
  if (msg.type !== "frame") return;
  stats.received += 1;
  stats.lastReceivedAt = now;
  stats.latenciesMs.push(now - sentAt);
  stats.totalMs.push(now - capturedAt);
  inFlight = false;
  sendFrame();          // the next frame goes as soon as this answer is in
  render(msg);
}

function render(msg) {
  stats.repCount = msg.rep_count;
  stats.session = msg.session;
  $("reps").textContent = msg.rep_count;
  $("phase").textContent = msg.phase;
  $("session").textContent = SESSION_LABEL[msg.session] || msg.session;
  $("view").textContent = msg.view || "–";
  const list = $("checks");
  list.replaceChildren(...msg.checks.map((check) => {
    const item = document.createElement("li");
    item.textContent = check.ok ? (check.advice || check.name.replace("_", " ")) : check.advice;
    if (!check.ok) item.className = "fail";
    return item;
  }));
  if (msg.cue) {
    showCue(msg.cue.text, msg.cue.kind);
    stats.cues.push({ text: msg.cue.text, kind: msg.cue.kind, rep: msg.rep_count });
    if (msg.cue.speak) speak(msg.cue.text);
  }
  draw(msg);
  const n = stats.latenciesMs.length;
  if (n % 15 === 0 && stats.firstSentAt !== null) {
    const fps = stats.received / ((performance.now() - stats.firstSentAt) / 1000);
    const recent = stats.latenciesMs.slice(-60).sort((a, b) => a - b);
    $("stats").textContent = `${fps.toFixed(1)} frames/s · latency ${recent[recent.length >> 1].toFixed(0)} ms`;
  }
}

function showCue(text, kind) {
  const cue = $("cue");
  cue.textContent = text;
  cue.dataset.kind = kind;
}

let pendingSpeech = null;

// One line at a time: a line that comes within the gap waits, and only the newest waits.
function speak(text) {
  if (!("speechSynthesis" in window)) return;
  const wait = lastSpokenAt + SPEAK_GAP_MS - performance.now();
  if (wait > 0) {
    if (pendingSpeech === null) setTimeout(() => { const t = pendingSpeech; pendingSpeech = null; speak(t); }, wait);
    pendingSpeech = text;
    return;
  }
  lastSpokenAt = performance.now();
  stats.spoken = (stats.spoken || 0) + 1;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

// The server classifies the tape with the report's one rule (form.tape.classify_tape:
// amber from half the rounded-back threshold, red at it); not read is grey, never green.
const TAPE_COLOURS = {
  "not read": "rgba(170,170,170,0.8)",
  neutral: "#3cc850",
  rounding: "#ffb400",
  rounded: "#e62828",
};

function tapeColour(state) {
  return TAPE_COLOURS[state] || TAPE_COLOURS["not read"];
}

function draw(msg) {
  if (overlay.width !== video.videoWidth) {
    overlay.width = video.videoWidth; overlay.height = video.videoHeight;
  }
  const ctx = overlay.getContext("2d");
  ctx.clearRect(0, 0, overlay.width, overlay.height);
  if (!msg.landmarks) return;
  const pts = msg.landmarks.map(([x, y, v]) => [x * overlay.width, y * overlay.height, v]);
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(0, 200, 255, 0.9)";
  for (const [a, b] of BONES) {
    if (pts[a][2] < 0.3 || pts[b][2] < 0.3) continue;
    ctx.beginPath(); ctx.moveTo(pts[a][0], pts[a][1]); ctx.lineTo(pts[b][0], pts[b][1]); ctx.stroke();
  }
  // The virtual tape lies on the lower back: from mid-hip to the mid-back (0.2 to 0.55 of
  // the way to mid-shoulder, the contour's lumbar stations), coloured by its state.
  const mid = (i, j) => [(pts[i][0] + pts[j][0]) / 2, (pts[i][1] + pts[j][1]) / 2];
  const [sx, sy] = mid(11, 12);
  const [hx, hy] = mid(23, 24);
  const along = (f) => [hx + f * (sx - hx), hy + f * (sy - hy)];
  const [ax, ay] = along(0.2);
  const [bx, by] = along(0.55);
  ctx.lineWidth = 7;
  ctx.strokeStyle = tapeColour(msg.tape_state);
  ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by); ctx.stroke();
}

async function start() {
  $("finish").addEventListener("click", () => {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "finish" }));
  });
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 360 } }, audio: false,
    });
    video.srcObject = stream;
    await video.play();
  } catch (error) {
    stats.errors.push(String(error));
    showCue(`The camera did not start (${error.name}). Allow camera access and reload.`, "setup");
    return;
  }
  trackVideoFrames();
  showCue("Stand side-on to the camera, whole body in view.", "setup");
  connect();
}

start();
