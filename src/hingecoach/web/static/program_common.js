// hingecoach program pages: shared helpers (token, profile, building elements safely).
"use strict";

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const token = query.get("token");

function apiUrl(path, extra = {}) {
  const params = new URLSearchParams(extra);
  if (token) params.set("token", token);
  const profile = query.get("profile");
  if (profile && !params.has("profile")) params.set("profile", profile);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function list(items) {
  const ul = el("ul");
  for (const item of items) ul.append(el("li", item));
  return ul;
}

async function getJson(path, extra) {
  const response = await fetch(apiUrl(path, extra));
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || `${path} failed`);
  return body;
}

async function setUpProfileBar(onChange) {
  const input = $("profile");
  const data = await getJson("/api/program/profiles");
  input.value = query.get("profile") || data.default;
  const options = $("profiles");
  for (const name of data.profiles) options.append(el("option", null, { value: name }));
  $("switch").addEventListener("click", () => {
    query.set("profile", input.value.trim() || data.default);
    history.replaceState(null, "", `${location.pathname}?${query}`);
    onChange();
  });
}
