// hingecoach "Today" page: today's ladder step and why, and the pain check-in form.
"use strict";

function showPlan(plan) {
  const reason = $("reason");
  reason.textContent = plan.reason;
  reason.dataset.action = plan.action;
  $("caution").textContent = plan.caution;
  const details = $("details");
  details.replaceChildren();
  const step = plan.step;
  if (!step) {
    $("step-title").textContent = "Stop the program for now";
    return;
  }
  $("step-title").textContent = `Step ${step.number} of ${step.of}: ${step.name}`;
  details.append(el("p", `${step.prescription}. Load: ${step.load}.`, { id: "prescription" }));
  if (plan.drill) details.append(el("h3", `Drill: ${plan.drill.name}`), el("p", plan.drill.how));
  details.append(el("h3", "Set-up"), list(step.setup), el("h3", "Cues"), list(step.cues));
  details.append(
    el("h3", "Where to feel it"),
    el("p", `First: ${step.feel_primary.join(", ")}. Second: ${step.feel_secondary.join(", ")}.`),
  );
  if (step.aids.length) {
    details.append(el("h3", "Learning aids"), list(step.aids.map((a) => `${a.name}: ${a.how}`)));
  }
  details.append(el("h3", "What earns the next step"), el("p", step.advance));
  details.append(el("h3", "Practise in daily life"), list(step.daily_life));
}

function showFlags(flags) {
  const box = $("flags");
  if (box.querySelector("input")) return;
  for (const flag of flags) {
    const label = el("label");
    const box_ = el("input", null, { type: "checkbox", name: "flag", value: flag.code });
    label.append(box_, document.createTextNode(` ${flag.text}`));
    box.append(label);
  }
}

async function loadPlan() {
  try {
    const plan = await getJson("/api/program/today");
    showPlan(plan);
    showFlags(plan.red_flags);
  } catch (error) {
    $("reason").textContent = error.message;
    $("reason").dataset.action = "stop";
  }
}

async function saveCheckin(event) {
  event.preventDefault();
  const flags = [...document.querySelectorAll("input[name=flag]:checked")].map((i) => i.value);
  const body = {
    value: Number($("pain-value").value),
    when: $("pain-when").value,
    flags,
    cleared: $("cleared").checked,
  };
  const response = await fetch(apiUrl("/api/program/pain"), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  $("answer").textContent = response.ok ? `Saved. ${answer.reason}` : answer.message;
  $("answer").className = response.ok ? "answer" : "answer error";
  if (response.ok) loadPlan();
}

$("checkin").addEventListener("submit", saveCheckin);
setUpProfileBar(loadPlan).then(loadPlan);
