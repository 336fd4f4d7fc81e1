// The style and script embedded in every flame graph SVG, so it works offline in any browser:
// hover shows a frame's name and time, click zooms to a frame (its ancestors stretch, its
// siblings hide), "Reset zoom" undoes it, "Search" highlights frames matching a regular
// expression and tells what share of the time they hold. Frames carry their layout in data-l
// (left, µs), data-v (width, µs) and data-d (depth).
#pragma once

namespace interstice::formats::svg {

inline constexpr const char* kStyle = R"CSS(
text { font-family: Verdana, sans-serif; font-size: 12px; fill: #000; }
#title { font-size: 17px; text-anchor: middle; }
.button { cursor: pointer; fill: #333; }
.button:hover { text-decoration: underline; }
g.f { cursor: pointer; }
g.f:hover rect { stroke: #000; stroke-width: 0.5; }
)CSS";

inline constexpr const char* kScript = R"JS(
"use strict";
var svg = document.documentElement;
var W = +svg.getAttribute("data-graph-width"), PAD = +svg.getAttribute("data-pad");
var frames = Array.prototype.slice.call(document.querySelectorAll("g.f"));
var details = document.getElementById("details"), matched = document.getElementById("matched");
function num(g, k) { return +g.getAttribute("data-" + k); }
function label(g, width) {
  var t = g.querySelector("text"), name = g.getAttribute("data-name"), fit = Math.floor((width - 6) / 7);
  t.textContent = fit < 3 ? "" : name.length <= fit ? name : name.slice(0, fit - 2) + "..";
}
function place(g, left, width) {
  var r = g.querySelector("rect"), t = g.querySelector("text");
  r.setAttribute("x", left); r.setAttribute("width", Math.max(width, 0));
  t.setAttribute("x", left + 3); label(g, width);
  g.style.display = "";
}
function zoom(target) {
  var l0 = num(target, "l"), v0 = num(target, "v"), d0 = num(target, "d");
  frames.forEach(function (g) {
    var l = num(g, "l"), v = num(g, "v"), d = num(g, "d");
    if (d < d0 && l <= l0 && l + v >= l0 + v0) place(g, PAD, W);
    else if (d >= d0 && l >= l0 && l + v <= l0 + v0 && v0 > 0) place(g, PAD + (l - l0) / v0 * W, v / v0 * W);
    else g.style.display = "none";
  });
  document.getElementById("unzoom").style.display = "";
}
function unzoom() { zoom(frames[0]); document.getElementById("unzoom").style.display = "none"; }
function search(pattern) {
  var re, total = num(frames[0], "v"), hit = 0, covered = -1;
  try { re = new RegExp(pattern); } catch (e) { matched.textContent = "bad pattern: " + e.message; return; }
  frames.forEach(function (g) {
    var ok = pattern !== "" && re.test(g.getAttribute("data-name")), r = g.querySelector("rect");
    r.setAttribute("fill", ok ? "rgb(230,0,230)" : r.getAttribute("data-fill"));
    if (ok && num(g, "l") >= covered) { hit += num(g, "v"); covered = num(g, "l") + num(g, "v"); }
  });
  matched.textContent = pattern === "" ? "" : "Matched: " + (total ? (100 * hit / total).toFixed(1) : "0") + "%";
}
frames.forEach(function (g) {
  g.addEventListener("click", function () { zoom(g); });
  g.addEventListener("mouseover", function () { details.textContent = g.querySelector("title").textContent; });
  g.addEventListener("mouseout", function () { details.textContent = " "; });
});
document.getElementById("unzoom").addEventListener("click", unzoom);
document.getElementById("search").addEventListener("click", function () {
  var pattern = window.prompt("Search for frames matching (a regular expression; empty to clear):", "");
  if (pattern !== null) search(pattern);
});
)JS";

}  // namespace interstice::formats::svg
