// hingecoach live page: guided start, camera -> JPEG over a WebSocket (one frame in flight)
// -> results drawn and spoken; end-of-set card with keep / discard.
"use strict";

const FRAME_WIDTH = 640;        // px sent to the server
const JPEG_QUALITY = 0.7;
const MAX_WAIT_NEW_FRAME_MS = 70;
const SPEAK_GAP_MS = 3000;      // the server already rations cues; this guards overlap
// MediaPipe Pose connections (landmark indices).
const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32],
  [28, 32], [0, 11], [0, 12]];
const SESSION_LABEL = { setup: "set-up check", calibrating: "practice hinges", counting: "counting" };
// One sentence per camera error (DOMException names of getUserMedia).
const CAMERA_ERRORS = {
  NotFoundError: "No camera was found on this computer. Plug in a webcam, or use your phone as the camera: start hingecoach with `hingecoach serve --phone`.",
  NotAllowedError: "Camera access was refused. Allow the camera for this page (the icon left of the address bar), then reload.",
  NotReadableError: "The camera is in use by another app, such as a video call. Close that app, then reload.",
  OverconstrainedError: "The camera cannot give the picture size asked for. Try another camera, then reload.",
  SecurityError: "The browser only opens the camera on a secure page: open the address hingecoach printed.",
  AbortError: "The camera stopped while starting. Reload to try again.",
};
CAMERA_ERRORS.DevicesNotFoundError = CAMERA_ERRORS.NotFoundError;
CAMERA_ERRORS.PermissionDeniedError = CAMERA_ERRORS.NotAllowedError;
CAMERA_ERRORS.TrackStartError = CAMERA_ERRORS.NotReadableError;

const $ = (id) => document.getElementById(id);
// One page, three ways: a laptop's own camera, a phone as the camera ("/phone", reached by
// pairing at "/pair"), or the computer showing the phone's session ("/watch").
const MODE = location.pathname === "/watch" ? "watch"
  : (location.pathname === "/phone" || location.pathname === "/pair") ? "phone" : "laptop";
if (location.pathname === "/pair") history.replaceState(null, "", "/phone");  // the code is spent
const video = $("video");
const remote = $("remote");
const overlay = $("overlay");
const grab = document.createElement("canvas");
const token = new URLSearchParams(location.search).get("token");

// Exposed for tests and the latency benchmark.
const stats = window.hingecoach = {
  sent: 0, received: 0, errors: [], latenciesMs: [], totalMs: [], firstSentAt: null,
  lastReceivedAt: null, repCount: 0, cues: [], session: "setup", videoFrames: 0, closed: null,
  chairDrawn: 0, chairLit: 0, bandDrawn: 0, cards: [], decided: [], cameraError: null,
  spokenSteps: [], mode: MODE, watched: 0,
};
let ws = null;
let inFlight = false;
let sentAt = 0;
let capturedAt = 0;
let lastSentFrame = -1;
let lastSpokenAt = -Infinity;
let guide = { variants: [], camera: [] };

function cameraErrorText(error) {
  return CAMERA_ERRORS[error && error.name] ||
    `The camera did not start (${(error && error.name) || "unknown error"}). Reload to try again.`;
}

function trackVideoFrames() {
  if (!("requestVideoFrameCallback" in HTMLVideoElement.prototype)) return;
  const onFrame = () => { stats.videoFrames += 1; video.requestVideoFrameCallback(onFrame); };
  video.requestVideoFrameCallback(onFrame);
}

function socketUrl(path, query) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  if (token) query.set("token", token);
  return `${scheme}://${location.host}${path}?${query}`;
}

function connect(variant) {
  ws = new WebSocket(socketUrl("/ws/live", new URLSearchParams({ variant })));
  ws.binaryType = "arraybuffer";
  ws.onmessage = (event) => onMessage(JSON.parse(event.data));
  ws.onclose = (event) => {
    stats.closed = { code: event.code, reason: event.reason };
    showCue(`Connection closed (${event.code}). Reload the page to start again.`, "setup");
  };
}

function send(command) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(command));
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
  if (msg.type === "ready") { showPerson(msg.person); sendFrame(); return; }
  if (msg.type === "person") { showPerson(msg); return; }
  if (msg.type === "finished") {
    $("saved").textContent = msg.saved ? `Saved ${msg.rep_count} reps.` : "No reps to save.";
    return;
  }
  if (msg.type === "set_summary") { showCard(msg); return; }
  if (msg.type === "kept" || msg.type === "discarded") {
    stats.decided.push(msg.type);
    $("card").hidden = true;
    $("saved").textContent = msg.type === "kept" ? (msg.saved ? "Set kept." : "No reps to keep.") : "Set discarded.";
    return;
  }
  if (msg.type === "error") {
    stats.errors.push(msg.message);
    if (msg.about === "person") { personStatus(msg.message, true); return; }
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

// The last rep's low-back load: an estimate with its range, never a verdict, and what it
// rests on (the body and load entered below, stored, or assumed).
function showLowBack(index, load) {
  const m = load.moment_nm, c = load.compression_n, used = load.inputs;
  const held = used.load_kg === null ? "load not given: the body alone"
    : used.load_source === "logged" ? `${used.load_kg} kg from your log`
      : used.load_source === "bodyweight" ? "no load in the hands" : `${used.load_kg} kg held`;
  const basis = used.body_assumed ? `rough: body assumed, enter yours below; ${held}`
    : `for ${used.body_mass_kg} kg, ${used.height_m} m; ${held}`;
  $("lowback").textContent = `rep ${index}: about ${m.estimate} N·m (${m.low}–${m.high}), ` +
    `disc ${c.estimate} N (${c.low}–${c.high}); load kept close ≈ ${load.close_compression_n} N (${basis})`;
}

// The person's body and load for the low-back estimate: checked here, and on the server.
const PERSON_FIELDS = [
  ["body-mass", "body_mass_kg", "Body mass must be a number from 20 to 300 kg, or blank."],
  ["height", "height_m", "Height must be a number from 1.0 to 2.5 m (in metres, e.g. 1.75), or blank."],
  ["load", "load_kg", "The load held must be a number from 0 to 500 kg, or blank."],
];

function personStatus(text, bad) {
  const status = $("person-status");
  status.textContent = text;
  status.className = bad ? "error" : "muted";
}

// What the server uses (the stored body at first): shown in the fields and said in a line.
function showPerson(person) {
  if (!person) return;
  stats.person = person;
  for (const [id, key] of PERSON_FIELDS) {
    $(id).value = person[key] ?? "";
    $(id).removeAttribute("aria-invalid");
  }
  personStatus(person.text, false);
}

function sendPerson(event) {
  event.preventDefault();
  const command = { type: "person" };
  for (const [id, key, problem] of PERSON_FIELDS) {
    const input = $(id);
    const bad = !input.checkValidity();  // not a number, or out of its range
    input.setAttribute("aria-invalid", String(bad));
    if (bad) { personStatus(problem, true); input.focus(); return; }
    command[key] = input.value === "" ? null : Number(input.value);
  }
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    personStatus("Not connected to hingecoach; reload the page.", true);
    return;
  }
  personStatus("Sending…", false);
  send(command);
}

// Daily practice: everyday bends counted, the good ones (hinges) apart, each one's class.
function renderBends(msg) {
  const daily = $("variant").value === "daily";
  $("daily").hidden = !daily;
  $("count-label").textContent = daily ? "Bends" : "Reps";
  if (!daily) return;
  $("good-bends").textContent = msg.good_bends ?? 0;
  if (msg.bend) {
    const sure = msg.bend.confidence >= 0.5 ? "" : " (unsure)";
    $("bend-class").textContent = msg.bend.label + sure;
  }
}

function render(msg) {
  stats.repCount = msg.rep_count;
  stats.session = msg.session;
  $("reps").textContent = msg.rep_count;
  $("phase").textContent = msg.phase;
  $("session").textContent = SESSION_LABEL[msg.session] || msg.session;
  $("view").textContent = msg.view || "–";
  // The exercise given, or the one recognised (with how sure), once a rep is judged.
  $("exercise").textContent = msg.exercise ? msg.exercise.text : "recognised after the first rep";
  const list = $("checks");
  list.replaceChildren(...msg.checks.map((check) => {
    const item = document.createElement("li");
    item.textContent = check.ok ? (check.advice || check.name.replace("_", " ")) : check.advice;
    if (!check.ok) item.className = "fail";
    return item;
  }));
  if (msg.rep && msg.rep.lowback) showLowBack(msg.rep.index, msg.rep.lowback);
  if (msg.cue) sayCue(msg.cue, msg.rep_count);
  renderBends(msg);
  draw(msg);
  const n = stats.latenciesMs.length;
  if (n % 15 === 0 && stats.firstSentAt !== null) {
    const fps = stats.received / ((performance.now() - stats.firstSentAt) / 1000);
    const recent = stats.latenciesMs.slice(-60).sort((a, b) => a - b);
    $("stats").textContent = `${fps.toFixed(1)} frames/s · latency ${recent[recent.length >> 1].toFixed(0)} ms`;
  }
}

function sayCue(cue, repCount) {
  showCue(cue.text, cue.kind);
  stats.cues.push({ text: cue.text, kind: cue.kind, rep: repCount });
  if (cue.speak) speak(cue.text);
}

function showCue(text, kind) {
  const cue = $("cue");
  cue.textContent = text;
  cue.dataset.kind = kind;
}

function item(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function showCard(card) {
  stats.cards.push(card);
  $("card-set").textContent = card.set_number;
  $("card-reps").textContent = card.rep_count;
  $("card-exercise").textContent = card.exercise ? `Exercise: ${card.exercise.text}` : "";
  $("card-score").textContent = card.score === null ? "No rep could be scored." : `Score ${card.score} / 100`;
  if (card.bends) {  // daily practice: the good bends first, and the one cue
    $("card-score").textContent = `Good bends (hinges): ${card.bends.good_count} of ${card.bends.count}. ${card.bends.cue || ""}`;
  }
  const focus = $("card-focus");
  if (card.focus) {
    focus.replaceChildren(
      item("p", `Work on: ${card.focus.cue} (${card.focus.reps_affected} of ${card.rep_count} reps)`, "focus"),
      item("p", `Drill: ${card.focus.drill}`));
  } else {
    focus.replaceChildren(item("p", card.rep_count ? "Nothing to fix in this set — well done." : "No reps in this set."));
  }
  $("card-verdicts").replaceChildren(...card.reps.map((rep) =>
    item("li", `${rep.verdict}${rep.score === null ? "" : ` (${rep.score})`}`, rep.faults.length ? "fault" : "")));
  $("card-unchecked").replaceChildren(...card.not_checked.map((missing) =>
    item("p", `Not checked: ${missing.code.replace(/_/g, " ")} — ${missing.reason}.`)));
  $("card").hidden = false;
  $("saved").textContent = "";
  $("reps").textContent = "0";
  $("bend-class").textContent = "–";  // the next set starts with no bend yet
  speak(card.focus ? `${card.rep_count} reps. Work on this: ${card.focus.cue}` : `${card.rep_count} reps. Well done.`);
  if (card.cue) sayCue(card.cue, 0);
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

// The guided start's steps are read out in order (queued, not rationed).
function speakSteps(lines) {
  stats.spokenSteps = lines.slice();
  if (!("speechSynthesis" in window)) return;
  window.speechSynthesis.cancel();
  for (const line of lines) window.speechSynthesis.speak(new SpeechSynthesisUtterance(line));
  lastSpokenAt = performance.now() + 1000 * lines.length;
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

function line(ctx, x0, y0, x1, y1) {
  ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
}

function drawChair(ctx, aids, w, h) {
  ctx.save();
  ctx.lineWidth = aids.chair_lit ? 8 : 5;
  ctx.strokeStyle = aids.chair_lit ? "rgba(39, 174, 96, 0.95)" : "rgba(255, 255, 255, 0.75)";
  if (!aids.chair_lit) ctx.setLineDash([10, 6]);
  for (const [x0, y0, x1, y1] of aids.chair) line(ctx, x0 * w, y0 * h, x1 * w, y1 * h);
  ctx.restore();
  stats.chairDrawn += 1;
  if (aids.chair_lit) stats.chairLit += 1;
}

function drawBand(ctx, aids, w, h) {
  if (aids.band_alpha <= 0.02) return;
  const [x0, y0, x1, y1] = aids.band.map((v, i) => v * (i % 2 ? h : w));
  ctx.save();
  ctx.globalAlpha = aids.band_alpha;
  ctx.strokeStyle = ctx.fillStyle = "#e67e22";
  ctx.lineWidth = 6;
  line(ctx, x0, y0, x1, y1);
  const dir = Math.sign(x1 - x0) || 1;
  ctx.beginPath(); ctx.moveTo(x1 + dir * 14, y1); ctx.lineTo(x1, y1 - 10); ctx.lineTo(x1, y1 + 10);
  ctx.closePath(); ctx.fill();
  ctx.restore();
  stats.bandDrawn += 1;
}

function draw(msg) {
  // While the next JPEG decodes, the picture's size reads 0: keep the last one.
  const [width, height] = MODE !== "watch" ? [video.videoWidth, video.videoHeight]
    : remote.naturalWidth ? [remote.naturalWidth, remote.naturalHeight] : [overlay.width, overlay.height];
  if (overlay.width !== width || overlay.height !== height) {
    overlay.width = width; overlay.height = height;
  }
  const ctx = overlay.getContext("2d");
  const w = overlay.width;
  const h = overlay.height;
  ctx.clearRect(0, 0, w, h);
  if (!msg.landmarks) return;
  if (msg.aids && $("aid-chair").checked) drawChair(ctx, msg.aids, w, h);
  const pts = msg.landmarks.map(([x, y, v]) => [x * w, y * h, v]);
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(0, 200, 255, 0.9)";
  for (const [a, b] of BONES) {
    if (pts[a][2] < 0.3 || pts[b][2] < 0.3) continue;
    line(ctx, pts[a][0], pts[a][1], pts[b][0], pts[b][1]);
  }
  if ($("aid-tape").checked) {
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
    line(ctx, ax, ay, bx, by);
  }
  if (msg.aids && $("aid-band").checked) drawBand(ctx, msg.aids, w, h);
}

function showSteps() {
  const chosen = guide.variants.find((v) => v.id === $("variant").value) || guide.variants[0];
  $("steps").replaceChildren(...(chosen ? chosen.steps : []).map((step) => item("li", step)));
  $("camera-steps").replaceChildren(...guide.camera.map((step) => item("li", step)));
}

async function loadGuide() {
  try {
    const answer = await fetch("/api/guide", { credentials: "same-origin" });
    if (answer.ok) guide = await answer.json();
  } catch (error) {
    stats.errors.push(String(error));
  }
  const select = $("variant");
  select.replaceChildren(...guide.variants.map((v) => {
    const option = item("option", v.name);
    option.value = v.id;
    return option;
  }));
  showSteps();
}

async function begin() {
  const chosen = guide.variants.find((v) => v.id === $("variant").value);
  speakSteps([...(chosen ? chosen.steps : []), ...guide.camera]);
  $("start").hidden = true;
  $("stage").hidden = false;
  $("panel").hidden = false;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    stats.cameraError = "SecurityError";
    showCue(CAMERA_ERRORS.SecurityError, "setup");
    return;
  }
  try {
    const wanted = { width: { ideal: 640 }, height: { ideal: 360 } };
    if (MODE === "phone") wanted.facingMode = { ideal: "environment" };  // the back camera
    const stream = await navigator.mediaDevices.getUserMedia({ video: wanted, audio: false });
    video.srcObject = stream;
    await video.play();
  } catch (error) {
    stats.errors.push(String(error));
    stats.cameraError = error.name;
    showCue(cameraErrorText(error), "setup");
    return;
  }
  trackVideoFrames();
  showCue("Stand side-on to the camera, whole body in view.", "setup");
  connect(chosen ? chosen.id : "auto");
}

// The computer's view of a phone's session: the phone's frames and their analysis.
function watch() {
  $("start").hidden = true;
  $("stage").hidden = false;
  $("panel").hidden = false;
  video.hidden = true;
  remote.hidden = false;
  $("person-form").hidden = true;  // entered on the phone's page, which holds the session
  showCue("Waiting for the phone's camera… Start it on the phone.", "info");
  ws = new WebSocket(socketUrl("/ws/watch", new URLSearchParams()));
  ws.binaryType = "arraybuffer";
  let lastUrl = null;
  ws.onmessage = (event) => {
    if (event.data instanceof ArrayBuffer) {
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(new Blob([event.data], { type: "image/jpeg" }));
      remote.src = lastUrl;
      return;
    }
    const msg = JSON.parse(event.data);
    if (msg.type === "frame") { stats.watched += 1; render(msg); return; }
    if (msg.type === "watching") return;
    onMessage(msg);
  };
  ws.onclose = (event) => {
    stats.closed = { code: event.code, reason: event.reason };
    showCue(`Connection closed (${event.code}). Reload the page to start again.`, "setup");
  };
}

async function showPhonePairing() {
  const answer = await fetch("/api/phone", { credentials: "same-origin" }).catch(() => null);
  if (!answer || !answer.ok) return;
  const phone = await answer.json();
  if (!phone.enabled) return;
  $("phone-pair").hidden = false;
  $("phone-qr").innerHTML = phone.qr_svg;  // made by the server (segno) from its own address
  $("phone-url").textContent = phone.url;
  $("phone-cert").textContent = phone.certificate_help;
  if (token) $("watch-link").href = `/watch?token=${encodeURIComponent(token)}`;
  stats.phoneUrl = phone.url;
  // Each code works once: show the next one after a phone has used it.
  setTimeout(() => { if (!$("start").hidden) showPhonePairing(); }, 4000);
}

function start() {
  $("variant").addEventListener("change", showSteps);
  $("begin").addEventListener("click", begin);
  $("end-set").addEventListener("click", () => send({ type: "end_set" }));
  $("keep").addEventListener("click", () => send({ type: "keep" }));
  $("discard").addEventListener("click", () => send({ type: "discard" }));
  $("person-form").addEventListener("submit", sendPerson);
  if (MODE === "watch") { watch(); return; }
  loadGuide();
  if (MODE === "laptop") showPhonePairing();
}

start();
