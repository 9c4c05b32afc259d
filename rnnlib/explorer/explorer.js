// The weight explorer's one front end (see rnnlib/explorer/widget.py), a classic script.
// Live in JupyterLab, anywidget loads it as a module (widget.py appends the export) and render()
// draws what Python computes with rnnlib, sending the reader's actions to the kernel. In the
// static book the page loads it once as a static file; boot() starts every explorer on the page
// against staticModel(), whose Engine repeats rnnlib/explorer/engine.py in float64 in the same
// order of operations (numpy's pairwise summation included), so its numbers are rnnlib's.
// Colours come with the data (rnnlib.plotting.identity). It loads nothing from anywhere.
(function (global) {
"use strict";

// --- rnnlib's computation -----------------------------------------------------------------------
// numpy's float64 add.reduce on a contiguous array: pairwise, 8 accumulators per block.
function pairwise(a, lo, n) {
  var i, res;
  if (n < 8) {
    res = 0;
    for (i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= 128) {
    var r0 = a[lo], r1 = a[lo + 1], r2_ = a[lo + 2], r3 = a[lo + 3], r4 = a[lo + 4], r5 = a[lo + 5],
      r6 = a[lo + 6], r7 = a[lo + 7];
    for (i = 8; i < n - (n % 8); i += 8) {
      r0 += a[lo + i]; r1 += a[lo + i + 1]; r2_ += a[lo + i + 2]; r3 += a[lo + i + 3];
      r4 += a[lo + i + 4]; r5 += a[lo + i + 5]; r6 += a[lo + i + 6]; r7 += a[lo + i + 7];
    }
    res = ((r0 + r1) + (r2_ + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  var half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(a, lo, half) + pairwise(a, lo + half, n - half);
}
function sum(a) { return 0 + pairwise(a, 0, a.length); }
function allFinite(a) { for (var i = 0; i < a.length; i++) if (!isFinite(a[i])) return false; return true; }

// rnnlib's forward_states, cost, output_gradient and backward_gradient on one data set, in
// buffers allocated once: a run of 500 iterations allocates nothing per iteration.
function Model(X, t) {
  var n = X.length, L = X[0].length, i;
  this.n = n; this.L = L; this.t = Float64Array.from(t); this.X = []; this.S = []; this.G = [];
  for (i = 0; i < n; i++) {
    this.X.push(Float64Array.from(X[i]));
    this.S.push(new Float64Array(L + 1));
    this.G.push(new Float64Array(L + 1));
  }
  this.sq = new Float64Array(n); this.px = new Float64Array(n); this.ps = new Float64Array(n);
  this.cost = NaN; this.gwx = NaN; this.gwrec = NaN;
}
// The cost and the gradient at (wx, wrec) into this.cost, this.gwx, this.gwrec; true when all
// three are finite (what rnnlib's optimisers check before they take a point).
Model.prototype.evaluate = function (wx, wrec, keepOverTime) {
  var n = this.n, L = this.L, X = this.X, S = this.S, G = this.G, t = this.t, i, k;
  for (i = 0; i < n; i++) {
    var s = S[i], x = X[i];
    for (k = 0; k < L; k++) s[k + 1] = s[k] * wrec + x[k] * wx;
  }
  for (i = 0; i < n; i++) { var e = t[i] - S[i][L]; this.sq[i] = e * e; }
  this.cost = sum(this.sq) / n;
  if (!isFinite(this.cost)) {
    this.gwx = this.gwrec = NaN;
    if (keepOverTime) for (i = 0; i < n; i++) G[i].fill(NaN);
    return false;
  }
  var gwx = 0, gwrec = 0, px = this.px, ps = this.ps;
  for (i = 0; i < n; i++) G[i][L] = 2 * (S[i][L] - t[i]) / n;
  for (k = L; k > 0; k--) {
    for (i = 0; i < n; i++) { px[i] = G[i][k] * X[i][k - 1]; ps[i] = G[i][k] * S[i][k - 1]; }
    gwx += sum(px);
    gwrec += sum(ps);
    for (i = 0; i < n; i++) G[i][k - 1] = G[i][k] * wrec;
  }
  this.gwx = gwx; this.gwrec = gwrec;
  return isFinite(gwx) && isFinite(gwrec);
};

// engine.py's train(): rnnlib.rprop, rnnlib.gradient_descent or clipped descent from a start.
function train(model, start, s) {
  var w = [start[0], start[1]], ok = model.evaluate(w[0], w[1]);
  var run = { trail: [w], costs: [model.cost], grads: [[model.gwx, model.gwrec]], diverged: null };
  if (!ok) { run.diverged = 0; return run; }
  var g = run.grads[0], delta = [s.delta0, s.delta0], previous = [0, 0], sign = [0, 0], j;
  for (var it = 0; it < s.iterations; it++) {
    var next = [0, 0];
    if (s.optimiser === "rprop") {
      for (j = 0; j < 2; j++) {
        sign[j] = Math.sign(g[j]);
        delta[j] = delta[j] * (sign[j] === previous[j] ? s.eta_p : s.eta_n);
        next[j] = w[j] - sign[j] * delta[j];
      }
    } else if (s.optimiser === "clip") {
      var norm = Math.sqrt(g[0] * g[0] + g[1] * g[1]), clip = norm > s.theta;
      for (j = 0; j < 2; j++) next[j] = w[j] - s.learning_rate * (clip ? g[j] * s.theta / norm : g[j]);
    } else {
      for (j = 0; j < 2; j++) next[j] = w[j] - s.learning_rate * g[j];
    }
    if (!model.evaluate(next[0], next[1])) { run.diverged = run.trail.length; break; }
    previous[0] = sign[0]; previous[1] = sign[1];
    w = next; g = [model.gwx, model.gwrec];
    run.trail.push(w); run.costs.push(model.cost); run.grads.push(g);
  }
  return run;
}
function sameSettings(a, b) {
  for (var key in a) if (a[key] !== b[key]) return false;
  return true;
}

// engine.py's Explorer: the same state, the same actions.
function Engine(d) {
  this.model = new Model(d.X, d.t); this.sample = d.sample; this.trains = d.mode !== "states";
  this.settings = Object.assign({}, d.settings); this.previous = null;
  this.move(d.start[0], d.start[1]);
}
Engine.prototype.compute = function (settings) {
  if (this.trains) return train(this.model, this.start, settings);
  var ok = this.model.evaluate(this.start[0], this.start[1]);
  return { trail: [this.start.slice()], costs: [this.model.cost], grads: [[this.model.gwx, this.model.gwrec]],
    diverged: ok ? null : 0 };
};
Engine.prototype.move = function (wx, wrec) {
  this.start = [wx, wrec];
  this.run = this.compute(this.settings);
  if (this.previous) this.previous = Object.assign({ settings: this.previous.settings }, this.compute(this.previous.settings));
  this.seek(0);
};
Engine.prototype.configure = function (changes) {
  var merged = Object.assign({}, this.settings, changes);
  if (sameSettings(merged, this.settings)) return;
  this.previous = Object.assign({ settings: this.settings }, this.run);
  this.settings = merged;
  this.run = this.compute(merged);
  this.seek(0);
};
Engine.prototype.seek = function (iteration) {
  this.position = Math.min(Math.max(iteration, 0), this.run.trail.length - 1);
};
Engine.prototype.runState = function () {
  var p = this.previous, self = this;
  var json = function (settings, run) {
    return { start: self.start.slice(), settings: Object.assign({}, settings), trail: run.trail, costs: run.costs,
      diverged: run.diverged };
  };
  var state = json(this.settings, this.run);
  state.previous = p ? json(p.settings, p) : null;
  return state;
};
Engine.prototype.pointState = function () {
  var w = this.run.trail[this.position], i = this.sample;
  this.model.evaluate(w[0], w[1], true);
  return { iteration: this.position, sample: i, grad: this.run.grads[this.position].slice(),
    states: Array.from(this.model.S[i]),
    grad_over_time: Array.from(this.model.G[i]) };
};
Engine.prototype.handle = function (m) {
  if (m.action === "move") this.move(m.wx, m.wrec);
  else if (m.action === "seek") this.seek(m.iteration);
  else if (m.action === "sample") this.sample = m.sample;
  else if (m.action === "settings") this.configure(m.settings);
};

// The model render() talks to in the static book: anywidget's get / on / send, answered here.
function staticModel(data) {
  var engine = new Engine(data), listeners = { run: [], point: [] }, run = engine.runState();
  var point = engine.pointState();
  return {
    get: function (key) { return key === "data" ? data : key === "run" ? run : point; },
    on: function (event, callback) {
      var key = event.replace("change:", "");
      if (listeners[key]) listeners[key].push(callback);
    },
    send: function (message) {
      var before = engine.run;
      engine.handle(message);
      if (engine.run !== before) {
        run = engine.runState();
        listeners.run.forEach(function (callback) { callback(); });
      }
      point = engine.pointState();
      listeners.point.forEach(function (callback) { callback(); });
    },
  };
}

// --- numbers as Python prints them ----------------------------------------------------------------
// Live, non-finite numbers arrive as the strings "inf", "-inf", "nan" (JSON has no such numbers).
function num(v) { return typeof v === "string" ? (v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity) : v; }

// Python's repr(x) of a float: the shortest digits that round-trip, as JavaScript also finds them.
function pyRepr(x) {
  if (x !== x) return "nan";
  if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return 1 / x < 0 ? "-0.0" : "0.0";
  var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
  var sign = m[1], digits = m[2] + (m[3] || ""), exp = parseInt(m[4], 10);
  if (exp < -4 || exp >= 16) {
    return sign + digits.charAt(0) + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" +
      (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length) + ".0";
  return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
}

// Python's format(x, ".5g"), the readouts' format. toExponential rounds exact decimal ties up;
// Python rounds them to even, so ties are found in a longer expansion.
function fmt(x) {
  if (x !== x) return "nan";
  if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return 1 / x < 0 ? "-0" : "0";
  var sign = x < 0 ? "-" : "", a = Math.abs(x);
  var m = /^(\d)\.(\d{4})e([+-]\d+)$/.exec(a.toExponential(4));
  var digits = m[1] + m[2], exp = parseInt(m[3], 10);
  var w = /^(\d)\.(\d{4})(\d+)e([+-]\d+)$/.exec(a.toExponential(24));
  if (/^50*$/.test(w[3]) && parseInt(w[2].charAt(3), 10) % 2 === 0) {
    digits = w[1] + w[2];
    exp = parseInt(w[4], 10);
  }
  digits = digits.replace(/0+$/, "");
  if (exp < -4 || exp >= 5) {
    return sign + digits.charAt(0) + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" +
      (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  var whole = (digits + "0000").slice(0, exp + 1), fraction = digits.slice(exp + 1);
  return sign + whole + (fraction ? "." + fraction : "");
}

// --- axes -----------------------------------------------------------------------------------------
function niceCeiling(v) {
  var scale = Math.pow(10, Math.floor(Math.log10(v))), m = [1, 2, 5, 10];
  for (var i = 0; i < 4; i++) if (m[i] * scale >= v) return m[i] * scale;
}
function niceTicks(lo, hi, count) {
  var step = niceCeiling((hi - lo) / (count || 5)), ticks = [];
  for (var v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
    ticks.push(Math.abs(v) < 1e-9 * step ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}
function stateLimits(s, target) {  // _state_limits of the figures: 0, the target, every state
  s = s.map(function (v) { return Math.min(Math.max(v, -1e300), 1e300); });  // ±inf pins the end
  var high = Math.max(Math.max.apply(null, s), target), low = Math.min(Math.min.apply(null, s), 0);
  var top = high > 0 ? niceCeiling(1.05 * high) : 0, bottom = low < 0 ? -niceCeiling(-1.05 * low) : 0;
  var pad = 0.05 * ((top - bottom) || 1);
  return [bottom === 0 ? bottom - pad : bottom, top === 0 ? top + pad : top];
}
// rnnlib/plotting/ticks.py's symlog_exponents: the powers of ten labelled on a symmetric-log axis, the
// rule the book's figures use too.
function symlogExponents(largest, linthresh) {
  var low = Math.ceil(Math.log10(linthresh)), high = Math.max(low, Math.ceil(Math.log10(largest)));
  var stride = Math.max(1, Math.ceil((high - low + 1) / 5)), out = [];
  for (var e = high; e > low - 1; e -= stride) out.push(e);
  return out;
}
var LINTHRESH = 1e-3, LINSCALE = 1 / (1 - 1 / 10);  // matplotlib's symlog, base 10, linscale 1
function symlog(v) {
  var a = Math.abs(v);
  return a <= LINTHRESH ? v * LINSCALE : Math.sign(v) * LINTHRESH * (LINSCALE + Math.log10(a / LINTHRESH));
}

// --- drawing: SVG markup ----------------------------------------------------------------------------
function r2(v) { return (Math.round(Math.min(Math.max(v, -1e5), 1e5) * 100) / 100).toString(); }
function text(x, y, s, attrs) {
  return "<text x=\"" + r2(x) + "\" y=\"" + r2(y) + "\" " + (attrs || "") + ">" + s + "</text>";
}
function power(k, sign) { return (sign || "") + "10<tspan dy=\"-5\" font-size=\"9.5\">" + k + "</tspan>"; }
function sub(s) { return "<tspan dy=\"3\" font-size=\"9.5\">" + s + "</tspan>"; }
function tickLabel(v) {  // compact: "0.5", "20", "2·10⁶" (never wider than about five glyphs)
  if (v === 0) return "0";
  var a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    var e = Math.floor(Math.log10(a) + 1e-9), m = Number((v / Math.pow(10, e)).toPrecision(3));
    return (m === 1 ? "" : m === -1 ? "−" : fmt(m).replace("-", "−") + "·") + power(e);
  }
  return fmt(v).replace("-", "−");
}
// A plot box: the panel's size, its plot area and scales. Labels sit outside the plot area, the
// y label above the axis, so no label can overlap the tick labels.
function Box(width, height, o) {
  this.W = width; this.H = height;
  this.L = o.left || 50; this.R = width - (o.right || 10); this.T = o.top || 30; this.B = height - (o.bottom || 34);
  this.xlim = o.xlim; this.ylim = o.ylim; this.ymap = o.ymap || function (v) { return v; };
}
Box.prototype.sx = function (v) { return this.L + (v - this.xlim[0]) / (this.xlim[1] - this.xlim[0]) * (this.R - this.L); };
Box.prototype.sy = function (v) {
  var a = this.ymap(this.ylim[0]), b = this.ymap(this.ylim[1]);
  return this.B - (this.ymap(v) - a) / (b - a) * (this.B - this.T);
};
Box.prototype.axes = function (xticks, yticks, xlabel, ylabel) {
  var self = this, s = "<rect x=\"" + this.L + "\" y=\"" + this.T + "\" width=\"" + (this.R - this.L) +
    "\" height=\"" + (this.B - this.T) + "\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"0.8\"/>";
  xticks.forEach(function (tk) {
    var x = self.sx(tk[0]);
    s += "<path d=\"M" + r2(x) + " " + self.B + "v4\" stroke=\"currentColor\"/>" +
      text(x, self.B + 15, tk[1], "text-anchor=\"middle\"");
  });
  yticks.forEach(function (tk) {
    var y = self.sy(tk[0]);
    s += "<path d=\"M" + self.L + " " + r2(y) + "h-4\" stroke=\"currentColor\"/>" +
      text(self.L - 6, y + 4, tk[1], "text-anchor=\"end\"");
  });
  return s + text((this.L + this.R) / 2, this.H - 3, xlabel, "text-anchor=\"middle\"") +
    text(4, this.T - 7, ylabel, "text-anchor=\"start\"");
};
Box.prototype.clip = function (inner) {  // content clipped to the plot area (a nested svg)
  var w = this.R - this.L, h = this.B - this.T;
  return "<svg x=\"" + this.L + "\" y=\"" + this.T + "\" width=\"" + w + "\" height=\"" + h +
    "\" viewBox=\"" + this.L + " " + this.T + " " + w + " " + h + "\">" + inner + "</svg>";
};
function pathOf(box, xs, ys) {  // points within a unit of the last one drawn are skipped
  var d = "", px = Infinity, py = Infinity, n = xs.length;
  for (var k = 0; k < n; k++) {
    var x = box.sx(xs[k]), y = box.sy(ys[k]);
    if (k && k < n - 1 && Math.abs(x - px) < 1 && Math.abs(y - py) < 1) continue;
    d += (k ? "L" : "M") + r2(x) + " " + r2(y);
    px = x; py = y;
  }
  return d;
}
function dotsOf(box, xs, ys) {  // zero-length segments with round caps: one element, many dots
  var d = "";
  for (var k = 0; k < xs.length; k++) d += "M" + r2(box.sx(xs[k])) + " " + r2(box.sy(ys[k])) + "h0";
  return d;
}
// Redraw a panel's frame (axes, labels) only when its scales change; each step then only sets the
// d attributes of its few data paths, so a step costs little more than the numbers themselves.
function frameOnce(svg, key, markup) {
  if (svg.getAttribute("data-frame") !== key) { svg.innerHTML = markup; svg.setAttribute("data-frame", key); }
}
function setPath(svg, name, d) { svg.querySelector("[data-series=" + name + "]").setAttribute("d", d); }
function series(name, color, width, extra) {
  return "<path data-series=\"" + name + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + width +
    "\"" + (extra ? " stroke-linecap=\"round\"" : "") + "/>";
}
function stepTicks(L) {
  var stride = niceCeiling((L + 1) / 6), ticks = [];
  for (var k = 0; k <= L; k += stride) ticks.push([k, String(k)]);
  return ticks;
}
// --- the panels ---------------------------------------------------------------------------------
function drawStates(svg, point, target, P, words) {
  var states = point.states.map(num), L = states.length - 1, lim = stateLimits(states, target);
  var b = new Box(320, 230, { xlim: [-0.5, L + 0.5], ylim: lim, left: 54 }), ks = [];
  for (var k = 0; k <= L; k++) ks.push(k);
  var clamped = states.map(function (v) { return Math.min(Math.max(v, -1e300), 1e300); });
  frameOnce(svg, [L, lim, target].join(" "), b.axes(stepTicks(L),
    niceTicks(lim[0], lim[1]).map(function (v) { return [v, tickLabel(v)]; }), words("states_x"),
    words("states_y", { s_k: "s" + sub("k") })) +
    b.clip("<path data-series=\"target\" d=\"M" + b.L + " " + r2(b.sy(target)) + "H" + b.R +
      "\" stroke=\"currentColor\" stroke-dasharray=\"5 3\" stroke-width=\"1.2\"/>" + series("states", P.blue, 1.6) +
      series("states-dots", P.blue, 4.4, true)) +
    text(b.R, b.T - 7, "— s" + sub("k") + "    ", "text-anchor=\"end\" fill=\"" + P.blue + "\"") +
    text(b.R, b.T - 7, words("target", { t: fmt(target) }), "text-anchor=\"end\" dx=\"-40\""));
  setPath(svg, "states", pathOf(b, ks, clamped));
  setPath(svg, "states-dots", dotsOf(b, ks, clamped));
}
function drawGradient(svg, point, P, words) {
  var g = point.grad_over_time.map(num), L = g.length - 1, largest = LINTHRESH, k, ks = [];
  for (k = 0; k <= L; k++) { ks.push(k); if (isFinite(g[k])) largest = Math.max(largest, Math.abs(g[k])); }
  var exps = symlogExponents(largest, LINTHRESH), top = Math.pow(10, exps[0]), yticks = [[0, "0"]];
  exps.forEach(function (e) { yticks.push([Math.pow(10, e), power(e)], [-Math.pow(10, e), power(e, "−")]); });
  var b = new Box(320, 260, { xlim: [-0.5, L + 0.5], ylim: [-top, top], ymap: symlog, left: 54 });
  var shown = g.map(function (v) { return isFinite(v) ? v : 0; });
  frameOnce(svg, [L, top].join(" "), b.axes(stepTicks(L), yticks,
    words("gradient_x"), "∂ξ/∂s" + sub("k")) +
    b.clip("<path d=\"M" + b.L + " " + r2(b.sy(0)) + "H" + b.R + "\" stroke=\"grey\" stroke-width=\"0.5\"/>" +
      series("gradient", P.blue, 1.6) + series("gradient-dots", P.blue, 4.4, true)) +
    text(b.L + 8, b.T + 16, "", "data-overflow=\"\" fill=\"" + P.vermillion + "\""));
  setPath(svg, "gradient", pathOf(b, ks, shown));
  setPath(svg, "gradient-dots", dotsOf(b, ks, shown));
  svg.querySelector("[data-overflow]").textContent = allFinite(g) ? "" : words("overflow");
}
function costRange(runs) {
  var lo = Infinity, hi = -Infinity;
  runs.forEach(function (run) {
    if (!run) return;
    run.costs.forEach(function (c) { c = num(c); if (isFinite(c) && c > 0) { lo = Math.min(lo, c); hi = Math.max(hi, c); } });
  });
  if (!(lo <= hi)) { lo = 1e-3; hi = 1; }
  return [lo, hi];
}
function costPath(b, run, floor) {
  var xs = [], ys = [];
  for (var i = 0; i < run.costs.length; i++) { xs.push(i); ys.push(Math.max(num(run.costs[i]), floor)); }
  return pathOf(b, xs, ys);
}
function drawCosts(svg, run, position, colors, words) {
  var range = costRange([run, run.previous]), elo = Math.floor(Math.log10(range[0]));
  var ehi = Math.max(Math.ceil(Math.log10(range[1])), elo + 1), floor = Math.pow(10, elo);
  var longest = Math.max(run.settings.iterations, run.previous ? run.previous.settings.iterations : 0, 1);
  var last = Math.max(10, niceCeiling(longest));
  var b = new Box(260, 160, { xlim: [0, last], ylim: [floor, Math.pow(10, ehi)], ymap: Math.log10, left: 42,
    top: 22, bottom: 32, right: 10 });
  var stride = Math.ceil((ehi - elo) / 4), yticks = [];
  for (var e = elo; e <= ehi; e += stride) yticks.push([Math.pow(10, e), power(e)]);
  var key = [elo, ehi, last, colors.current, colors.previous].join(" ");
  if (svg.rnnlibRun === run && svg.getAttribute("data-frame") === key) {  // a replayed step: the dot only
    var now = Math.max(num(run.costs[position]), floor);
    setPath(svg, "cost-now", "M" + r2(svg.rnnlibBox.sx(position)) + " " + r2(svg.rnnlibBox.sy(now)) + "h0");
    return;
  }
  frameOnce(svg, key,
    b.axes(niceTicks(0, last, 3).map(function (v) { return [v, String(v)]; }), yticks, words("cost_x"), words("cost_y")) +
    b.clip(series("cost-previous", colors.previous, 1.4) + series("cost", colors.current, 1.6) +
      "<path data-series=\"cost-now\" stroke=\"currentColor\" stroke-width=\"7\" stroke-linecap=\"round\"/>"));
  svg.querySelector("[data-series=cost-previous]").setAttribute("stroke-dasharray", "4 3");
  setPath(svg, "cost-previous", run.previous ? costPath(b, run.previous, floor) : "");
  setPath(svg, "cost", costPath(b, run, floor));
  var c = Math.max(num(run.costs[position]), floor);
  setPath(svg, "cost-now", "M" + r2(b.sx(position)) + " " + r2(b.sy(c)) + "h0");
  svg.rnnlibRun = run; svg.rnnlibBox = b;
}

// The loss surface from the closed form y = w_x·p(w_rec), p = Σ_k x_k·w_rec^(L-k), as an image.
function colorOf(stops, f) {
  var x = Math.min(Math.max(f, 0), 1) * (stops.length - 1), i = Math.min(Math.floor(x), stops.length - 2), u = x - i;
  return [0, 1, 2].map(function (c) { return Math.round(stops[i][c] * (1 - u) + stops[i + 1][c] * u); });
}
function imageURL(width, height, colorAt) {
  var canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  var ctx = canvas.getContext("2d"), img = ctx.createImageData(width, height);
  for (var r = 0; r < height; r++) {
    for (var c = 0; c < width; c++) {
      var rgb = colorAt(r, c), o = 4 * (r * width + c);
      img.data[o] = rgb[0]; img.data[o + 1] = rgb[1]; img.data[o + 2] = rgb[2]; img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}
function surfaceBox(view) {
  return new Box(340, 312, { xlim: [view[0], view[1]], ylim: [view[2], view[3]], left: 32, right: 42, top: 16, bottom: 30 });
}
function drawSurfaceBase(svg, d, view) {
  var N = d.grid, n = d.X.length, L = d.X[0].length, Z = [], i, j, k, c, stops = d.palette.colormap;
  var wx = [], wr = [];
  for (j = 0; j < N; j++) { wx.push(view[0] + (view[1] - view[0]) * (j + 0.5) / N); wr.push(view[2] + (view[3] - view[2]) * (j + 0.5) / N); }
  var zmin = Infinity, zmax = 0;
  for (j = 0; j < N; j++) {  // row j: w_rec = wr[j]
    var p = [], row = [];
    for (i = 0; i < n; i++) { var acc = 0; for (k = 0; k < L; k++) acc = acc * wr[j] + d.X[i][k]; p.push(acc); }
    for (c = 0; c < N; c++) {
      var z = 0;
      for (i = 0; i < n; i++) { var e = d.t[i] - wx[c] * p[i]; z += e * e; }
      z /= n;
      row.push(z);
      if (isFinite(z) && z > 0) { zmin = Math.min(zmin, z); zmax = Math.max(zmax, z); }
    }
    Z.push(row);
  }
  if (!(zmax > 0)) { zmin = 1e-3; zmax = 1; }
  var lo = Math.log10(Math.max(zmin, zmax * 1e-14)), hi = Math.log10(zmax);
  if (hi - lo < 1e-9) lo = hi - 1;
  var color = function (z) { return colorOf(stops, isFinite(z) ? (Math.log10(Math.max(z, 1e-300)) - lo) / (hi - lo) : 1); };
  var b = surfaceBox(view);
  var xt = niceTicks(view[0], view[1], 4).map(function (v) { return [v, tickLabel(v)]; });
  var yt = niceTicks(view[2], view[3], 5).map(function (v) { return [v, tickLabel(v)]; });
  var surface = imageURL(N, N, function (r, c) { return color(Z[N - 1 - r][c]); });
  var bar = imageURL(1, 64, function (r) { return colorOf(stops, 1 - r / 63); });
  var bx = b.R + 6, by = function (e) { return b.B - (e - lo) / (hi - lo) * (b.B - b.T); };
  var s = "<image href=\"" + surface + "\" x=\"" + b.L + "\" y=\"" + b.T + "\" width=\"" + (b.R - b.L) +
    "\" height=\"" + (b.B - b.T) + "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\"/>" +
    b.axes(xt, yt, "w" + sub("x"), "w" + sub("rec")) +
    "<image href=\"" + bar + "\" x=\"" + bx + "\" y=\"" + b.T + "\" width=\"7\" height=\"" + (b.B - b.T) +
    "\" preserveAspectRatio=\"none\"/>" + text(bx + 4, b.T - 5, "ξ", "text-anchor=\"middle\"");
  var estep = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo)) / 5));
  for (var e0 = Math.floor(hi); e0 >= Math.ceil(lo); e0 -= estep) s += text(bx + 9, by(e0) + 4, power(e0), "font-size=\"9\"");
  svg.innerHTML = s + "<g data-layer=\"run\"></g>";
  return b;
}

// Markers: matplotlib's marker letters of rnnlib.plotting.identity, as SVG paths around (x, y).
function markerPath(m, x, y, r) {
  var p = function (pts) { return "M" + pts.map(function (q) { return r2(x + q[0] * r) + " " + r2(y + q[1] * r); }).join("L") + "Z"; };
  if (m === "s") return p([[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]]);
  if (m === "^") return p([[0, -1], [0.95, 0.7], [-0.95, 0.7]]);
  if (m === "v") return p([[0, 1], [0.95, -0.7], [-0.95, -0.7]]);
  if (m === "D") return p([[0, -1.05], [0.8, 0], [0, 1.05], [-0.8, 0]]);
  if (m === "P") return p([[-0.3, -1], [0.3, -1], [0.3, -0.3], [1, -0.3], [1, 0.3], [0.3, 0.3], [0.3, 1], [-0.3, 1],
    [-0.3, 0.3], [-1, 0.3], [-1, -0.3], [-0.3, -0.3]]);
  if (m === "*") {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + i * Math.PI / 5, q = i % 2 ? 0.45 : 1.15;
      pts.push([q * Math.cos(a), q * Math.sin(a)]);
    }
    return p(pts);
  }
  return "M" + r2(x - r) + " " + r2(y) + "a" + r + " " + r + " 0 1 0 " + 2 * r + " 0a" + r + " " + r + " 0 1 0 " + -2 * r + " 0Z";
}
// The gradient arrow's length: log-scaled between these gradient norms, none below the first.
var ARROW_FLOOR = 1e-6, ARROW_CEILING = 1e7, ARROW_LONGEST = 46;
function arrowLength(norm) {
  if (!(norm > ARROW_FLOOR) || !isFinite(norm)) return 0;
  var f = (Math.log10(norm) - Math.log10(ARROW_FLOOR)) / (Math.log10(ARROW_CEILING) - Math.log10(ARROW_FLOOR));
  return ARROW_LONGEST * Math.min(f, 1);
}
function inBox(box, x, y) { return x >= box.L && x <= box.R && y >= box.T && y <= box.B; }
// Where a point outside the plot area leaves it: on the border, towards the point (an edge marker).
function edgeMarker(box, x, y) {
  var cx = (box.L + box.R) / 2, cy = (box.T + box.B) / 2, dx = x - cx, dy = y - cy;
  if (!isFinite(dx) || !isFinite(dy)) { dx = isFinite(dx) ? dx : (x > 0 ? 1 : -1); dy = isFinite(dy) ? dy : (y > 0 ? 1 : -1); }
  var s = Math.min((box.R - box.L) / 2 / Math.abs(dx || 1e-300), (box.B - box.T) / 2 / Math.abs(dy || 1e-300));
  var ex = cx + dx * s, ey = cy + dy * s, len = Math.sqrt(dx * dx + dy * dy), ux = dx / len, uy = dy / len;
  ex -= 9 * ux; ey -= 9 * uy;  // the tip on the border, the marker inside
  return "M" + r2(ex + 8 * ux) + " " + r2(ey + 8 * uy) + "L" + r2(ex - 5 * ux + 6 * uy) + " " + r2(ey - 5 * uy - 6 * ux) +
    "L" + r2(ex - 5 * ux - 6 * uy) + " " + r2(ey - 5 * uy + 6 * ux) + "Z";
}
function trailPath(box, trail, upto) {
  var xs = [], ys = [], n = upto === undefined ? trail.length : upto + 1;
  for (var i = 0; i < n; i++) { xs.push(num(trail[i][0])); ys.push(num(trail[i][1])); }
  return n > 1 ? pathOf(box, xs, ys) : "";
}
function layerMarkup(box, d, words) {
  var P = d.palette, o = d.optimum, marks = "";
  P.points.forEach(function (pt) {
    var isOptimum = pt[0] === o[0] && pt[1] === o[1];
    if (isOptimum) return;
    marks += "<path d=\"" + markerPath(pt[3], box.sx(pt[0]), box.sy(pt[1]), 4.2) + "\" fill=\"" + pt[2] +
      "\" stroke=\"white\" stroke-width=\"1\"/>";
  });
  var star = P.points.filter(function (pt) { return pt[0] === o[0] && pt[1] === o[1]; })[0] || [1, 1, P.colors.black, "*"];
  var casing = function (name, width) {
    return "<path data-series=\"" + name + "-casing\" fill=\"none\" stroke=\"white\" stroke-opacity=\"0.75\" stroke-width=\"" +
      width + "\" stroke-linejoin=\"round\"/>";
  };
  return box.clip(marks +
    "<path data-marker=\"optimum\" d=\"" + markerPath(star[3], box.sx(o[0]), box.sy(o[1]), 6.5) + "\" fill=\"" + star[2] +
      "\" stroke=\"white\" stroke-width=\"1.3\"/>" +
    "<path data-trail=\"previous\" fill=\"none\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\" stroke-opacity=\"0.8\"/>" +
    casing("trail", 3.6) + "<path data-trail=\"current\" fill=\"none\" stroke-width=\"1.4\" stroke-linejoin=\"round\"/>" +
    "<path data-trail=\"replayed\" fill=\"none\" stroke-width=\"2.6\" stroke-linejoin=\"round\"/>" +
    casing("arrow", 4.6) + "<path data-series=\"arrow\" fill=\"none\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>" +
    "<circle data-marker=\"current\" r=\"5\" fill=\"white\" stroke=\"black\" stroke-width=\"1.4\"/>" +
    "<path data-marker=\"edge\" fill=\"white\" stroke=\"black\" stroke-width=\"1.2\"/>") +
    "<g data-marker=\"start\" tabindex=\"0\" role=\"button\" aria-roledescription=\"" + words("start_role") + "\">" +
    "<circle data-part=\"focus\" r=\"11\" fill=\"none\" stroke-width=\"2\"/>" +
    "<circle data-part=\"ring\" r=\"6\" fill=\"none\" stroke=\"black\" stroke-width=\"4\"/>" +
    "<circle data-part=\"ring-inner\" r=\"6\" fill=\"none\" stroke=\"white\" stroke-width=\"2\"/></g>";
}
function drawRun(svg, box, run, point, d, colors, words) {
  var position = point.iteration;
  var layer = svg.querySelector("g[data-layer=run]"), P = d.palette;
  if (!layer.firstChild) {
    layer.innerHTML = layerMarkup(box, d, words);
    layer.querySelector("[data-series=arrow]").setAttribute("stroke", P.colors.yellow);
  }
  var q = function (sel) { return layer.querySelector(sel); };
  if (layer.rnnlibRun !== run) {  // what changes only with a new run (a replayed step keeps it)
    var prev = q("[data-trail=previous]"), full = trailPath(box, run.trail);
    prev.setAttribute("d", run.previous ? trailPath(box, run.previous.trail) : "");
    prev.setAttribute("stroke", colors.previous);
    q("[data-trail=current]").setAttribute("d", full);
    q("[data-trail=current]").setAttribute("stroke", colors.current);
    q("[data-trail=replayed]").setAttribute("stroke", colors.current);
    q("[data-series=trail-casing]").setAttribute("d", full);
    var start = svg.querySelector("g[data-marker=start]"), sx = box.sx(num(run.start[0])), sy = box.sy(num(run.start[1]));
    start.setAttribute("transform", "translate(" + r2(sx) + " " + r2(sy) + ")");
    start.setAttribute("visibility", inBox(box, sx, sy) ? "visible" : "hidden");
    layer.rnnlibRun = run;
  }
  q("[data-trail=replayed]").setAttribute("d", trailPath(box, run.trail, position));
  var w = run.trail[position], x = box.sx(num(w[0])), y = box.sy(num(w[1])), inside = inBox(box, x, y);
  var current = q("[data-marker=current]");
  current.setAttribute("cx", r2(x)); current.setAttribute("cy", r2(y));
  q("[data-marker=edge]").setAttribute("d", inside ? "" : edgeMarker(box, x, y));
  var g = point.grad.map(num), arrow = "", norm = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
  var length = arrowLength(norm);
  if (inside && length >= 3) {  // downhill: −gradient, its length log-scaled with ‖∇ξ‖
    var dx = -g[0] * (box.R - box.L) / (box.xlim[1] - box.xlim[0]), dy = g[1] * (box.B - box.T) / (box.ylim[1] - box.ylim[0]);
    var len = Math.sqrt(dx * dx + dy * dy), ux = dx / len, uy = dy / len, ex = x + length * ux, ey = y + length * uy;
    var head = Math.min(7, length * 0.45);
    arrow = "M" + r2(x) + " " + r2(y) + "L" + r2(ex) + " " + r2(ey) + "M" + r2(ex - head * ux + 0.6 * head * uy) + " " +
      r2(ey - head * uy - 0.6 * head * ux) + "L" + r2(ex) + " " + r2(ey) + "L" + r2(ex - head * ux - 0.6 * head * uy) + " " +
      r2(ey - head * uy + 0.6 * head * ux);
  }
  q("[data-series=arrow]").setAttribute("d", arrow);
  q("[data-series=arrow-casing]").setAttribute("d", arrow);
  return { x: x, y: y, inside: inside, norm: norm, arrow: arrow !== "" };
}

// --- words ------------------------------------------------------------------------------------------
// Every text the explorer shows or says (labels, buttons, accessible names, readouts, messages,
// announcements, the text inside its plots), in English and in Japanese: one table per language,
// the same keys. {name} marks a value filled in. The page's language picks the table:
// document.documentElement.lang (in the Japanese book "ja", in JupyterLab its UI language).
var STRINGS = {
  en: {
    states_x: "step k", states_y: "state {s_k}", target: "- - target t = {t}",
    gradient_x: "step k (backpropagation runs right to left)", overflow: "overflow",
    cost_x: "iteration", cost_y: "cost ξ (log scale)", start_role: "movable start point",
    sample: "sample", sample_aria: "sample whose states are shown",
    go_to: "go to", go_to_aria: "move the start to a point", go_to_prompt: "a point…",
    preset_start: "start ({a}, {b})", preset_optimum: "optimum ({a}, {b})", preset_marked: "marked ({a}, {b})",
    view: "view", view_aria: "part of the loss surface shown",
    view_overview: "overview [{lo}, {hi}]²", view_valley: "valley near the optimum",
    optimiser: "optimiser", optimiser_gd: "gradient descent", optimiser_clip: "gradient descent, clipped",
    optimiser_rprop: "Rprop", with_rate: "{name}, μ = {mu}", with_theta: "{name}, μ = {mu}, θ = {theta}",
    speed: "speed", speed_aria: "replay speed, iterations per frame",
    howto: "Drag the start ○ on the surface (or focus it and use the arrow keys): the whole run follows. " +
      "Step and Play replay it; after a new optimiser or setting the last run stays as a dashed ghost.",
    surface_aria: "loss surface over w_x and w_rec: the run from the start, the optimum, the marked points",
    legend: "legend", legend_start: "start", legend_current: "current point", legend_optimum: "optimum ({a}, {b})",
    legend_arrow: "downhill −∇ξ, length ∝ log ‖∇ξ‖ (none where ∇ξ ≈ 0)", legend_run: "run",
    legend_previous: "previous run", legend_this_run: "this run: {name}", legend_previous_run: "previous run: {name}",
    step: "Step", step_aria: "Step: replay one more iteration", play: "Play", play_aria: "Play: replay the run",
    pause: "Pause", pause_aria: "Pause the replay", reset: "Reset", reset_aria: "Reset: replay from iteration 0",
    start_wx: "start w<sub>x</sub>", start_wx_aria: "start w_x", start_wrec: "start w<sub>rec</sub>",
    start_wrec_aria: "start w_rec", input_weight_aria: "input weight w_x", recurrent_weight_aria: "recurrent weight w_rec",
    readout_iteration: "iteration {i} of {n}, cost ξ = {cost}", readout_start: "start ({a}, {b}), final cost {cost}",
    readout_cost_output: "cost ξ = {cost}, output y = {y}",
    cost_aria: "the cost at each iteration of the run (log scale), the previous run dashed, a dot at the replayed iteration",
    settings: "Settings: start presets, view, run", iterations: "iterations",
    log_rate: "μ, log scale", log_rate_aria: "learning rate μ, log scale", rate_value: "learning rate μ = {mu}",
    states_caption: "states of one sample", gradient_caption: "gradient through time",
    states_aria: "the sample's states over the steps, with its target",
    gradient_aria: "the gradient of the cost with respect to each state",
    field_wx_value: "start w_x, exact value", field_wrec_value: "start w_rec, exact value",
    field_iterations: "iterations per run", field_learning_rate: "learning rate μ",
    field_theta: "clipping threshold θ, the longest gradient step", field_delta0: "Rprop initial step size Δ0",
    field_eta_p: "Rprop growth factor η+ (above 1)", field_eta_n: "Rprop shrink factor η− (between 0 and 1)",
    expects: "expects {what}", expects_weight: "a number from {lo} to {hi}",
    expects_iterations: "a whole number from 1 to {max}", expects_learning_rate: "a number above 0, e.g. 1e-5",
    expects_theta: "a number above 0, e.g. 100", expects_delta0: "a number above 0, e.g. 0.001",
    expects_eta_p: "a number above 1, e.g. 1.2", expects_eta_n: "a number between 0 and 1, e.g. 0.5",
    outcome_overflow: "this start overflows float64: pick another",
    outcome_diverges: "{name} diverges: the step of iteration {n} leaves float64's range, so the run ends at iteration {m}",
    outcome_normal: "{name}: all {n} iterations, a normal end",
    status_diverged: "diverged: the next step (iteration {n}) overflows float64; iteration {i} is the run's last point",
    status_end: "end of the run: {outcome}",
    print_state: "Shown: the run from ({a}, {b}) with {name}, replayed to iteration {i} of {n}{previous}. {outcome}.",
    print_previous: "; dashed: the previous run, {name}",
    start_marker_aria: "start point at w_x {a}, w_rec {b}: arrow keys move it, Shift for larger steps",
    say_point: "iteration {i} of {n}: w_x {a}, w_rec {b}, cost {cost}", say_and: "{first}; {then}",
    say_weights: "w_x {a}, w_rec {b}, cost {cost}", say_run: "start ({a}, {b}): {outcome}",
    say_replay_end: "replay ended at iteration {i}{why}; {status}", say_no_change: ": the cost no longer changes",
  },
  ja: {
    states_x: "ステップk", states_y: "状態{s_k}", target: "- - ターゲットt = {t}",
    gradient_x: "ステップk（逆伝播は右から左へ進む）", overflow: "オーバーフロー",
    cost_x: "イテレーション", cost_y: "コストξ（対数目盛）", start_role: "動かせる始点",
    sample: "サンプル", sample_aria: "状態を表示するサンプル",
    go_to: "移動", go_to_aria: "始点を移す先の点", go_to_prompt: "点を選ぶ…",
    preset_start: "始点({a}, {b})", preset_optimum: "最適点({a}, {b})", preset_marked: "印を付けた点({a}, {b})",
    view: "表示範囲", view_aria: "表示する損失曲面の範囲",
    view_overview: "全体[{lo}, {hi}]²", view_valley: "最適点付近の谷",
    optimiser: "最適化手法", optimiser_gd: "勾配降下法", optimiser_clip: "勾配降下法＋クリッピング",
    optimiser_rprop: "Rprop", with_rate: "{name}、μ = {mu}", with_theta: "{name}、μ = {mu}、θ = {theta}",
    speed: "速度", speed_aria: "再生速度（1フレームあたりのイテレーション数）",
    howto: "曲面上の始点○をドラッグしてください（フォーカスして矢印キーで動かすこともできます）。学習の軌跡全体がそれに従います。" +
      "「1回進める」と「再生」で学習をたどれます。最適化手法や設定を変えると、直前の学習が破線で残ります。",
    surface_aria: "w_xとw_recに対する損失曲面：始点からの学習の軌跡、最適点、印を付けた点",
    legend: "凡例", legend_start: "始点", legend_current: "現在の点", legend_optimum: "最適点({a}, {b})",
    legend_arrow: "下り方向−∇ξ、長さ ∝ log ‖∇ξ‖（∇ξ ≈ 0では表示なし）", legend_run: "学習",
    legend_previous: "前回の学習", legend_this_run: "今回の学習：{name}", legend_previous_run: "前回の学習：{name}",
    step: "1回進める", step_aria: "1回進める：イテレーションを1つ先まで再生", play: "再生",
    play_aria: "再生：学習の経過を再生", pause: "一時停止", pause_aria: "再生を一時停止", reset: "最初から",
    reset_aria: "最初から：イテレーション0から再生",
    start_wx: "始点w<sub>x</sub>", start_wx_aria: "始点のw_x", start_wrec: "始点w<sub>rec</sub>",
    start_wrec_aria: "始点のw_rec", input_weight_aria: "入力の重みw_x", recurrent_weight_aria: "再帰の重みw_rec",
    readout_iteration: "イテレーション{i}／{n}、コストξ = {cost}", readout_start: "始点({a}, {b})、最終コスト{cost}",
    readout_cost_output: "コストξ = {cost}、出力y = {y}",
    cost_aria: "学習の各イテレーションのコスト（対数目盛）。前回の学習は破線、再生中のイテレーションは点で示します",
    settings: "設定：始点の候補、表示範囲、学習", iterations: "イテレーション数",
    log_rate: "μ（対数目盛）", log_rate_aria: "学習率μ（対数目盛）", rate_value: "学習率μ = {mu}",
    states_caption: "1つのサンプルの状態", gradient_caption: "時間をさかのぼる勾配",
    states_aria: "サンプルの各ステップの状態とそのターゲット",
    gradient_aria: "各状態に対するコストの勾配",
    field_wx_value: "始点のw_x（正確な値）", field_wrec_value: "始点のw_rec（正確な値）",
    field_iterations: "1回の学習のイテレーション数", field_learning_rate: "学習率μ",
    field_theta: "勾配クリッピングのしきい値θ（勾配ステップの最大の長さ）", field_delta0: "Rpropの初期ステップ幅Δ0",
    field_eta_p: "Rpropの増加率η+（1より大きい）", field_eta_n: "Rpropの減少率η−（0と1の間）",
    expects: "{what}を入力してください", expects_weight: "{lo}から{hi}までの数",
    expects_iterations: "1から{max}までの整数", expects_learning_rate: "0より大きい数（例：1e-5）",
    expects_theta: "0より大きい数（例：100）", expects_delta0: "0より大きい数（例：0.001）",
    expects_eta_p: "1より大きい数（例：1.2）", expects_eta_n: "0と1の間の数（例：0.5）",
    outcome_overflow: "この始点ではfloat64がオーバーフローします。別の始点を選んでください",
    outcome_diverges: "{name}は発散します：イテレーション{n}のステップがfloat64の範囲を超えるので、学習はイテレーション{m}で終わります",
    outcome_normal: "{name}：{n}イテレーションをすべて終えて正常に終了",
    status_diverged: "発散：次のステップ（イテレーション{n}）でfloat64がオーバーフローします。イテレーション{i}が学習の最後の点です",
    status_end: "学習の終わり：{outcome}",
    print_state: "表示：({a}, {b})から{name}で学習し、イテレーション{i}／{n}まで再生した状態{previous}。{outcome}。",
    print_previous: "（破線は前回の学習：{name}）",
    start_marker_aria: "始点w_x {a}、w_rec {b}：矢印キーで動きます（Shiftキーで大きく動きます）",
    say_point: "イテレーション{i}／{n}：w_x {a}、w_rec {b}、コスト{cost}", say_and: "{first}。{then}",
    say_weights: "w_x {a}、w_rec {b}、コスト{cost}", say_run: "始点({a}, {b})：{outcome}",
    say_replay_end: "再生はイテレーション{i}で終了しました{why}。{status}", say_no_change: "（コストがもう変わりません）",
  },
};
// The table for a language tag ("ja", "ja-JP", "en-GB", ""): Japanese for ja*, else English.
function languageOf(tag) { return /^ja/i.test(tag || "") ? "ja" : "en"; }
// The words in the page's language: words(key, {name: value}) fills the {name} marks.
function wordsFor(lang) {
  var table = STRINGS[lang];
  return function (key, values) {
    return table[key].replace(/\{(\w+)\}/g, function (mark, name) { return values[name]; });
  };
}

// --- the explorer ---------------------------------------------------------------------------------
// The entry fields: each has a full name (what a screen reader says), field_<name> in STRINGS, and
// says what it expects, expects_<kind>.
var EXPECTS = { wx_value: "weight", wrec_value: "weight", iterations: "iterations", learning_rate: "learning_rate",
  theta: "theta", delta0: "delta0", eta_p: "eta_p", eta_n: "eta_n" };
var SPEEDS = [1, 2, 5, 20, 100];
// A number as a reader types it: digits, a point, an exponent; "−" accepted for "-".
function parseEntry(s) {
  var v = String(s).trim().replace(/^[−–]/, "-");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return NaN;
  return Number(v);
}
function optimiserLabel(words, settings) {
  var s = settings, name = STRINGS.en["optimiser_" + s.optimiser] ? words("optimiser_" + s.optimiser) : s.optimiser;
  if (s.optimiser === "gd") return words("with_rate", { name: name, mu: fmt(s.learning_rate) });
  if (s.optimiser === "clip") return words("with_theta", { name: name, mu: fmt(s.learning_rate), theta: fmt(s.theta) });
  return name;
}
function number(v) { return fmt(v).replace("-", "−"); }  // -1.5 → "−1.5": a preset's label

function render(ctx) {
  var model = ctx.model, el = ctx.el, d = model.get("data"), mode = d.mode, training = mode !== "states";
  var P = d.palette.colors;
  var lang = languageOf(typeof document !== "undefined" && document.documentElement.lang), words = wordsFor(lang);
  var root = document.createElement("div");
  root.className = "rnnlib-explorer-view rnnlib-mode-" + mode;
  root.setAttribute("lang", lang);
  var fieldId = "rnnlib-" + Math.random().toString(36).slice(2, 9);  // ids for aria-describedby
  var slider = function (name, label, full) {
    return "<div class=\"rnnlib-weight\"><span class=\"rnnlib-name\" aria-hidden=\"true\">" + label + "</span>" +
      "<input type=\"range\" name=\"" + name + "\" min=\"" + -d.limit + "\" max=\"" + d.limit + "\" step=\"" + d.step +
      "\" aria-label=\"" + full + "\">" + entry(name + "_value") + "</div>";
  };
  var entry = function (name, visible) {
    return (visible ? "<label class=\"rnnlib-field\" data-field=\"" + name + "\"><span aria-hidden=\"true\">" + visible + "</span>" : "") +
      "<input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" spellcheck=\"false\" name=\"" + name +
      "\" aria-label=\"" + words("field_" + name) + "\" aria-describedby=\"" + fieldId + "-" + name + "\">" +
      "<span class=\"rnnlib-error\" id=\"" + fieldId + "-" + name + "\"></span>" + (visible ? "</label>" : "");
  };
  var h = "";
  var sample = "<label class=\"rnnlib-field\">" + words("sample") + " <select name=\"sample\" aria-label=\"" +
    words("sample_aria") + "\">" +
    d.labels.map(function (lab, i) { return "<option value=\"" + i + "\">" + lab + "</option>"; }).join("") + "</select></label>";
  var readout = function (key) { return "<span class=\"rnnlib-value\" data-readout=\"" + key + "\"></span>"; };
  if (training) {
    var presets = "<label class=\"rnnlib-field\">" + words("go_to") + " <select name=\"preset\" aria-label=\"" +
      words("go_to_aria") + "\"><option value=\"\">" + words("go_to_prompt") + "</option>" +
      d.presets.map(function (p, i) {
        return "<option value=\"" + i + "\">" + words("preset_" + p[0], { a: number(p[1]), b: number(p[2]) }) + "</option>";
      }).join("") + "</select></label>";
    var views = "<label class=\"rnnlib-field\">" + words("view") + " <select name=\"view\" aria-label=\"" + words("view_aria") + "\">" +
      d.views.map(function (v, i) {
        return "<option value=\"" + i + "\">" + words("view_" + v[0], { lo: number(v[1][0]), hi: number(v[1][1]) }) + "</option>";
      }).join("") + "</select></label>";
    var opts = "<label class=\"rnnlib-field rnnlib-optimiser\">" + words("optimiser") + " <select name=\"optimiser\" aria-label=\"" +
      words("optimiser") + "\">" + d.optimisers.map(function (o) {
        return "<option value=\"" + o + "\">" + words("optimiser_" + o) + "</option>";
      }).join("") + "</select></label>";
    var speed = "<label class=\"rnnlib-field\">" + words("speed") + " <select name=\"speed\" aria-label=\"" + words("speed_aria") + "\">" +
      SPEEDS.map(function (v) { return "<option value=\"" + v + "\"" + (v === 2 ? " selected" : "") + ">" + v + "×</option>"; }).join("") +
      "</select></label>";
    var readouts = function (key, values) {  // a sentence with readouts in it, in the page's word order
      var filled = {};
      Object.keys(values).forEach(function (name) { filled[name] = readout(values[name]); });
      return words(key, filled);
    };
    h = "<p class=\"rnnlib-howto\">" + words("howto") + "</p>" +
      "<div class=\"rnnlib-surface\"><svg data-plot=\"surface\" viewBox=\"0 0 340 312\" role=\"group\" aria-label=\"" +
      words("surface_aria") + "\"></svg></div>" +
      "<ul class=\"rnnlib-legend\" aria-label=\"" + words("legend") + "\">" +
      "<li><svg viewBox=\"0 0 16 16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"5\" fill=\"none\" stroke=\"black\" stroke-width=\"3.5\"/>" +
      "<circle cx=\"8\" cy=\"8\" r=\"5\" fill=\"none\" stroke=\"white\" stroke-width=\"1.6\"/></svg>" + words("legend_start") + "</li>" +
      "<li><svg viewBox=\"0 0 16 16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"4.5\" fill=\"white\" stroke=\"black\" stroke-width=\"1.4\"/></svg>" +
      words("legend_current") + "</li>" +
      "<li><svg viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path data-legend=\"optimum\"/></svg>" +
      words("legend_optimum", { a: number(d.optimum[0]), b: number(d.optimum[1]) }) + "</li>" +
      "<li><svg viewBox=\"0 0 24 16\" aria-hidden=\"true\"><path d=\"M2 8H22\" stroke=\"black\" stroke-width=\"4.4\"/><path d=\"M2 8H22M16 4L22 8L16 12\" " +
      "fill=\"none\" stroke=\"" + P.yellow + "\" stroke-width=\"2.2\"/></svg>" + words("legend_arrow") + "</li>" +
      "<li><svg viewBox=\"0 0 24 16\" aria-hidden=\"true\"><path data-legend=\"current\" d=\"M2 8H22\" stroke-width=\"2.6\"/></svg>" +
      "<span data-legend-label=\"current\">" + words("legend_run") + "</span></li>" +
      "<li data-legend-item=\"previous\"><svg viewBox=\"0 0 24 16\" aria-hidden=\"true\"><path data-legend=\"previous\" d=\"M2 8H22\" stroke-width=\"1.6\" " +
      "stroke-dasharray=\"5 3\"/></svg><span data-legend-label=\"previous\">" + words("legend_previous") + "</span></li></ul>" +
      "<div class=\"rnnlib-buttons\"><button type=\"button\" data-action=\"step\" aria-label=\"" + words("step_aria") + "\">" +
      words("step") + "</button>" +
      "<button type=\"button\" data-action=\"play\" aria-pressed=\"false\" aria-label=\"" + words("play_aria") + "\">" +
      words("play") + "</button>" +
      "<button type=\"button\" data-action=\"reset\" aria-label=\"" + words("reset_aria") + "\">" + words("reset") + "</button>" +
      speed + opts + "</div>" +
      "<div class=\"rnnlib-start\"><div class=\"rnnlib-weights\">" + slider("wx", words("start_wx"), words("start_wx_aria")) +
      slider("wrec", words("start_wrec"), words("start_wrec_aria")) + "</div></div>" +
      "<div class=\"rnnlib-readouts\">" +
      "<div>" + readouts("readout_iteration", { i: "iteration", n: "final-iteration", cost: "cost" }) + "</div>" +
      "<div>w<sub>x</sub> = " + readout("wx") + ", w<sub>rec</sub> = " + readout("wrec") + "</div>" +
      "<div>∂ξ/∂w<sub>x</sub> = " + readout("grad_wx") + ", ∂ξ/∂w<sub>rec</sub> = " + readout("grad_wrec") + "</div>" +
      "<div>" + readouts("readout_start", { a: "start-wx", b: "start-wrec", cost: "final-cost" }) + "</div>" +
      "<div class=\"rnnlib-status\" data-readout=\"status\"></div></div>" +
      "<div class=\"rnnlib-cost\"><svg data-plot=\"cost\" viewBox=\"0 0 260 160\" role=\"img\" aria-label=\"" +
      words("cost_aria") + "\"></svg></div>" +
      "<details class=\"rnnlib-settings\"><summary>" + words("settings") + "</summary><div class=\"rnnlib-row\">" + presets + views +
      "</div><div class=\"rnnlib-row\">" +
      entry("iterations", words("iterations")) +
      "<label class=\"rnnlib-field rnnlib-for-gd rnnlib-for-clip\"><span aria-hidden=\"true\">" + words("log_rate") +
      "</span><input type=\"range\" name=\"log_learning_rate\" min=\"-9\" max=\"0\" step=\"0.5\" aria-label=\"" +
      words("log_rate_aria") + "\"></label>" +
      "<span class=\"rnnlib-for-gd rnnlib-for-clip\">" + entry("learning_rate", "μ") + "</span>" +
      "<span class=\"rnnlib-for-clip\">" + entry("theta", "θ") + "</span>" +
      "<span class=\"rnnlib-for-rprop\">" + entry("delta0", "Δ<sub>0</sub>") + entry("eta_p", "η<sup>+</sup>") +
      entry("eta_n", "η<sup>−</sup>") + "</span></div></details>" +
      (mode === "full" ? "<div class=\"rnnlib-plots\">" +
        "<figure class=\"rnnlib-panel\"><figcaption>" + words("states_caption") + "</figcaption>" + sample +
        "<svg data-plot=\"states\" viewBox=\"0 0 320 230\" role=\"img\" aria-label=\"" + words("states_aria") + "\"></svg></figure>" +
        "<figure class=\"rnnlib-panel\"><figcaption>" + words("gradient_caption") + "</figcaption><svg data-plot=\"gradient\" " +
        "viewBox=\"0 0 320 260\" role=\"img\" aria-label=\"" + words("gradient_aria") + "\"></svg></figure></div>" : "") +
      "<p class=\"rnnlib-print-state\"></p>";
  } else {
    h = "<div class=\"rnnlib-controls\"><div class=\"rnnlib-weights\">" + slider("wx", "w<sub>x</sub>", words("input_weight_aria")) +
      slider("wrec", "w<sub>rec</sub>", words("recurrent_weight_aria")) + "</div><div class=\"rnnlib-row\">" + sample + "</div>" +
      "<div class=\"rnnlib-readouts\"><div>w<sub>x</sub> = " + readout("wx") + ", w<sub>rec</sub> = " + readout("wrec") +
      "</div><div>" + words("readout_cost_output", { cost: readout("cost"), y: readout("output") }) + "</div></div></div>" +
      "<div class=\"rnnlib-plots\"><figure class=\"rnnlib-panel\"><figcaption>" + words("states_caption") + "</figcaption>" +
      "<svg data-plot=\"states\" viewBox=\"0 0 320 230\" role=\"img\" aria-label=\"" + words("states_aria") + "\"></svg></figure></div>";
  }
  root.innerHTML = "<div class=\"rnnlib-layout\">" + h + "</div><div class=\"rnnlib-announce\" aria-live=\"polite\" role=\"status\"></div>";
  el.appendChild(root);

  var q = function (sel) { return root.querySelector(sel); };
  var all = function (sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); };
  var run = model.get("run"), point = model.get("point"), viewIndex = 0, box = null, playing = false, pending = false;
  var surfaceSvg = q("svg[data-plot=surface]"), announcer = q(".rnnlib-announce"), shownRun = null;
  var colorsOf = function (r) {
    var O = d.palette.optimisers;
    return { current: O[r.settings.optimiser].color, previous: r.previous ? O[r.previous.settings.optimiser].color : "none" };
  };
  function setReadout(key, value, shown) {
    var out = q("[data-readout=" + key + "]");
    if (!out) return;
    out.textContent = shown === undefined ? fmt(value) : shown;
    if (typeof value === "number") out.setAttribute("data-value", /iteration/.test(key) ? String(value) : pyRepr(value));
  }
  function last() { return run.trail.length - 1; }
  function outcome() {  // what the run does, in words (the run's summary and the announcements)
    var s = run.settings, name = optimiserLabel(words, s);
    if (run.diverged === 0) return words("outcome_overflow");
    if (run.diverged !== null) return words("outcome_diverges", { name: name, n: run.diverged, m: run.diverged - 1 });
    return words("outcome_normal", { name: name, n: s.iterations });
  }
  function replayStatus() {
    var i = point.iteration;
    if (run.diverged !== null && run.diverged > 0 && i === last()) {
      return words("status_diverged", { n: run.diverged, i: i });
    }
    if (run.diverged === 0) return outcome();
    return i === last() ? words("status_end", { outcome: outcome() }) : outcome();
  }
  function setField(name, value) {  // show a value in an entry field, forgetting any refused entry
    var input = q("input[name=" + name + "]");
    if (!input || (document.activeElement === input && input.getAttribute("aria-invalid") !== "true")) return;
    input.value = value;
    input.removeAttribute("aria-invalid");
    q("#" + fieldId + "-" + name).textContent = "";
  }
  function refuse(input, name) {
    var what = words("expects_" + EXPECTS[name], { lo: number(-d.limit), hi: fmt(d.limit), max: d.max_iterations });
    input.setAttribute("aria-invalid", "true");
    q("#" + fieldId + "-" + name).textContent = words("expects", { what: what });
  }
  function drawPoint() {
    var i = point.iteration, w = run.trail[i].map(num), g = point.grad.map(num), cost = num(run.costs[i]);
    setReadout("iteration", i, String(i));
    setReadout("wx", w[0]);
    setReadout("wrec", w[1]);
    setReadout("cost", cost);
    setReadout("grad_wx", g[0], isFinite(g[0]) ? fmt(g[0]) : words("overflow"));
    setReadout("grad_wrec", g[1], isFinite(g[1]) ? fmt(g[1]) : words("overflow"));
    var states = point.states.map(num);
    setReadout("output", states[states.length - 1]);
    var pick = q("select[name=sample]");
    if (pick) pick.value = String(point.sample);
    if (q("svg[data-plot=states]")) drawStates(q("svg[data-plot=states]"), point, d.t[point.sample], P, words);
    if (!training) return;
    if (q("svg[data-plot=gradient]")) drawGradient(q("svg[data-plot=gradient]"), point, P, words);
    var status = q("[data-readout=status]");
    status.textContent = replayStatus();
    status.setAttribute("data-kind", run.diverged !== null && (i === last() || run.diverged === 0) ? "diverged" :
      i === last() ? "end" : "run");
    var colors = colorsOf(run);
    drawCosts(q("svg[data-plot=cost]"), run, i, colors, words);
    if (!box) {
      box = drawSurfaceBase(surfaceSvg, d, d.views[viewIndex][1]);
      surfaceSvg.setAttribute("data-plot-area", [box.L, box.T, box.R, box.B].join(" "));
      surfaceSvg.setAttribute("data-view", d.views[viewIndex][1].join(" "));
      shownRun = null;
    }
    var drawn = drawRun(surfaceSvg, box, run, point, d, colors, words);
    surfaceSvg.setAttribute("data-arrow", drawn.arrow ? "shown" : "none");
    surfaceSvg.setAttribute("data-current", drawn.inside ? "inside" : "outside");
    var play = q("[data-action=play]");
    play.textContent = words(playing ? "pause" : "play");
    play.setAttribute("aria-pressed", String(playing));
    play.setAttribute("aria-label", words(playing ? "pause_aria" : "play_aria"));
    q(".rnnlib-print-state").textContent = words("print_state", { a: fmt(num(run.start[0])), b: fmt(num(run.start[1])),
      name: optimiserLabel(words, run.settings), i: i, n: last(), outcome: outcome(),
      previous: run.previous ? words("print_previous", { name: optimiserLabel(words, run.previous.settings) }) : "" });
  }
  function drawRunSettings() {  // what changes only with a new run: inputs, legend, readouts of the run
    var start = run.start.map(num), s = run.settings;
    all("input[type=range][name=wx], input[type=range][name=wrec]").forEach(function (input) {
      input.value = String(input.name === "wx" ? start[0] : start[1]);
    });
    setField("wx_value", isFinite(start[0]) ? pyRepr(start[0]) : "");
    setField("wrec_value", isFinite(start[1]) ? pyRepr(start[1]) : "");
    if (!training) return;
    setReadout("start-wx", start[0]);
    setReadout("start-wrec", start[1]);
    setReadout("final-iteration", last(), String(last()));
    setReadout("final-cost", num(run.costs[last()]));
    q("select[name=optimiser]").value = s.optimiser;
    root.setAttribute("data-optimiser", s.optimiser);
    ["learning_rate", "theta", "delta0", "eta_p", "eta_n"].forEach(function (name) { setField(name, pyRepr(s[name])); });
    setField("iterations", String(s.iterations));
    var lr = q("input[name=log_learning_rate]");
    lr.value = String(Math.log10(s.learning_rate));
    lr.setAttribute("aria-valuetext", words("rate_value", { mu: fmt(s.learning_rate) }));
    var colors = colorsOf(run);
    q("[data-legend=current]").setAttribute("stroke", colors.current);
    q("[data-legend-label=current]").textContent = words("legend_this_run", { name: optimiserLabel(words, s) });
    q("[data-legend-item=previous]").hidden = !run.previous;
    if (run.previous) {
      q("[data-legend=previous]").setAttribute("stroke", colors.previous);
      q("[data-legend-label=previous]").textContent = words("legend_previous_run", { name: optimiserLabel(words, run.previous.settings) });
    }
    var o = d.optimum, star = d.palette.points.filter(function (pt) { return pt[0] === o[0] && pt[1] === o[1]; })[0];
    var legendStar = q("[data-legend=optimum]");
    if (star && !legendStar.getAttribute("d")) {
      legendStar.setAttribute("d", markerPath(star[3], 8, 8.5, 6));
      legendStar.setAttribute("fill", star[2]);
      legendStar.setAttribute("stroke", "white");
    }
    var startMarker = surfaceSvg.querySelector("g[data-marker=start]");
    if (startMarker) {
      startMarker.setAttribute("aria-label", words("start_marker_aria", { a: fmt(start[0]), b: fmt(start[1]) }));
    }
  }
  function draw() {
    if (run !== shownRun || !box) { drawPoint(); drawRunSettings(); shownRun = run; return; }
    drawPoint();
  }
  function say(message) { announcer.textContent = message; }
  function announcePoint() {
    var i = point.iteration, w = run.trail[i].map(num);
    var said = words("say_point", { i: i, n: last(), a: fmt(w[0]), b: fmt(w[1]), cost: fmt(num(run.costs[i])) });
    say(i === last() ? words("say_and", { first: said, then: replayStatus() }) : said);
  }
  function announceRun() {
    var start = run.start.map(num);
    if (!training) {
      say(words("say_weights", { a: fmt(start[0]), b: fmt(start[1]), cost: fmt(num(run.costs[0])) }));
      return;
    }
    say(words("say_run", { a: fmt(start[0]), b: fmt(start[1]), outcome: outcome() }));
  }
  model.on("change:run", function () { run = model.get("run"); });
  var queued = null;  // live, a move made while the kernel computes the last one waits here
  model.on("change:point", function () {
    point = model.get("point");
    pending = false;
    draw();
    if (queued) { var next = queued; queued = null; send(next); return; }
    if (playing) requestAnimationFrame(tick);
  });
  function send(message) {
    if (pending && message.action === "move") { queued = message; return; }
    pending = true;
    model.send(message);
  }
  function seek(i) { send({ action: "seek", iteration: i }); }
  function stopped() {  // the cost no longer changes: over the last 50 iterations, by 1e-12 relative or less
    var i = point.iteration;
    if (i < 50) return false;
    var a = num(run.costs[i]), b = num(run.costs[i - 50]);
    return Math.abs(a - b) <= 1e-12 * Math.abs(b);
  }
  function speedNow() { var s = q("select[name=speed]"); return s ? parseInt(s.value, 10) : 1; }
  function tick() {
    if (!playing || pending) return;
    if (point.iteration >= last() || stopped()) {
      playing = false;
      draw();
      say(words("say_replay_end", { i: point.iteration, why: point.iteration < last() ? words("say_no_change") : "",
        status: replayStatus() }));
      return;
    }
    seek(Math.min(point.iteration + speedNow(), last()));
  }
  function pause(quiet) {
    if (!playing) return;
    playing = false;
    draw();
    if (!quiet) announcePoint();
  }
  function moveTo(wx, wrec, announce) {
    pause(true);
    send({ action: "move", wx: wx, wrec: wrec });
    if (announce) announceRun();
  }
  function settingsChanged(changes) {
    pause(true);
    send({ action: "settings", settings: changes });
    announceRun();
  }

  all("input[type=range][name=wx], input[type=range][name=wrec]").forEach(function (input) {
    var other = input.name === "wx" ? "wrec" : "wx";
    var value = function () {  // the moved slider's displayed value, the other weight as it is
      var w = {}; w[input.name] = parseFloat(input.value); w[other] = num(run.start[other === "wx" ? 0 : 1]); return w;
    };
    input.addEventListener("input", function () { var w = value(); moveTo(w.wx, w.wrec, false); });
    input.addEventListener("change", function () { announceRun(); });
  });
  all("input[name=wx_value], input[name=wrec_value]").forEach(function (input) {
    input.addEventListener("change", function () {
      var v = parseEntry(input.value), name = input.name;
      if (!(isFinite(v) && Math.abs(v) <= d.limit)) { refuse(input, name); return; }
      var w = { wx: num(run.start[0]), wrec: num(run.start[1]) };
      w[name.replace("_value", "")] = v;
      moveTo(w.wx, w.wrec, true);
      setFieldNow(input, name, pyRepr(v));
    });
  });
  function setFieldNow(input, name, value) {
    input.value = value;
    input.removeAttribute("aria-invalid");
    q("#" + fieldId + "-" + name).textContent = "";
  }
  var pick = q("select[name=sample]");
  if (pick) pick.addEventListener("change", function () { send({ action: "sample", sample: parseInt(pick.value, 10) }); });
  if (training) {
    q("select[name=preset]").addEventListener("change", function (e) {
      var p = d.presets[parseInt(e.target.value, 10)];
      if (p) moveTo(p[1], p[2], true);
      e.target.value = "";
    });
    q("select[name=view]").addEventListener("change", function (e) {
      viewIndex = parseInt(e.target.value, 10);
      box = null;
      draw();
    });
    q("select[name=optimiser]").addEventListener("change", function (e) { settingsChanged({ optimiser: e.target.value }); });
    q("input[name=log_learning_rate]").addEventListener("change", function (e) {
      settingsChanged({ learning_rate: Number(Math.pow(10, parseFloat(e.target.value)).toPrecision(2)) });
    });
    ["iterations", "learning_rate", "theta", "delta0", "eta_p", "eta_n"].forEach(function (name) {
      var input = q("input[name=" + name + "]");
      input.addEventListener("change", function () {
        var v = parseEntry(input.value);
        var ok = isFinite(v) && (name === "iterations" ? v === Math.floor(v) && v >= 1 && v <= d.max_iterations :
          v > 0 && (name !== "eta_p" || v > 1) && (name !== "eta_n" || v < 1));
        if (!ok) { refuse(input, name); return; }
        var c = {}; c[name] = v;
        settingsChanged(c);
        setFieldNow(input, name, name === "iterations" ? String(v) : pyRepr(v));
      });
    });
    q("[data-action=step]").addEventListener("click", function () {
      pause(true);
      seek(Math.min(point.iteration + 1, last()));
      announcePoint();
    });
    q("[data-action=reset]").addEventListener("click", function () { pause(true); seek(0); announcePoint(); });
    q("[data-action=play]").addEventListener("click", function () {
      if (playing) { pause(false); return; }
      if (point.iteration >= last()) seek(0);
      playing = true;
      draw();
      tick();
    });
    // Drag the start: pointer events on the surface (mouse, pen, touch); the run follows every move.
    var dragging = null;
    var round = function (v, lo, hi) {  // to about a hundredth of the view, as decimals
      var dec = Math.max(0, -Math.floor(Math.log10((hi - lo) / 100)));
      return Number(v.toFixed(dec));
    };
    var weightsAt = function (e) {
      var m = surfaceSvg.getScreenCTM();
      if (!m || !box) return null;
      var p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      var px = Math.min(Math.max(p.x, box.L), box.R), py = Math.min(Math.max(p.y, box.T), box.B);
      return { inside: inBox(box, p.x, p.y),
        wx: round(box.xlim[0] + (px - box.L) / (box.R - box.L) * (box.xlim[1] - box.xlim[0]), box.xlim[0], box.xlim[1]),
        wrec: round(box.ylim[0] + (box.B - py) / (box.B - box.T) * (box.ylim[1] - box.ylim[0]), box.ylim[0], box.ylim[1]) };
    };
    surfaceSvg.addEventListener("pointerdown", function (e) {
      var w = weightsAt(e);
      if (!w || !w.inside || e.button > 0) return;
      dragging = e.pointerId;
      if (surfaceSvg.setPointerCapture) { try { surfaceSvg.setPointerCapture(e.pointerId); } catch (err) { /* synthetic */ } }
      e.preventDefault();
      surfaceSvg.querySelector("g[data-marker=start]").focus({ preventScroll: true });
      moveTo(w.wx, w.wrec, false);
    });
    surfaceSvg.addEventListener("pointermove", function (e) {
      if (dragging !== e.pointerId) return;
      var w = weightsAt(e);
      if (w && (w.wx !== num(run.start[0]) || w.wrec !== num(run.start[1]))) moveTo(w.wx, w.wrec, false);
    });
    var endDrag = function (e) {
      if (dragging !== e.pointerId) return;
      dragging = null;
      announceRun();
    };
    surfaceSvg.addEventListener("pointerup", endDrag);
    surfaceSvg.addEventListener("pointercancel", endDrag);
    var keyTimer = null;
    surfaceSvg.addEventListener("keydown", function (e) {
      var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }, m = moves[e.key];
      if (!m || !box || !e.target.closest("g[data-marker=start]")) return;
      e.preventDefault();
      var f = e.shiftKey ? 10 : 1, s = run.start.map(num);
      var dx = (box.xlim[1] - box.xlim[0]) / 100 * f, dy = (box.ylim[1] - box.ylim[0]) / 100 * f;
      var wx = round(Math.min(Math.max(s[0] + m[0] * dx, box.xlim[0]), box.xlim[1]), box.xlim[0], box.xlim[1]);
      var wrec = round(Math.min(Math.max(s[1] + m[1] * dy, box.ylim[0]), box.ylim[1]), box.ylim[0], box.ylim[1]);
      moveTo(wx, wrec, false);
      clearTimeout(keyTimer);
      keyTimer = setTimeout(announceRun, 500);
    });
    var details = q("details.rnnlib-settings");
    if (global.matchMedia && global.matchMedia("(min-width: 700px)").matches) details.open = true;
    root.rnnlibSetUp = function (config) {  // a link in the prose sets the explorer up
      var changes = {};
      ["optimiser", "learning_rate", "theta", "delta0", "eta_p", "eta_n", "iterations"].forEach(function (key) {
        if (config[key] !== undefined) changes[key] = config[key];
      });
      pause(true);
      if (config.view !== undefined && config.view !== viewIndex) {
        viewIndex = config.view; q("select[name=view]").value = String(viewIndex); box = null;
      }
      if (config.start) send({ action: "move", wx: config.start[0], wrec: config.start[1] });
      if (Object.keys(changes).length) send({ action: "settings", settings: changes });
      if (config.iteration !== undefined) seek(config.iteration);
      draw();
      announceRun();
      if (config.play) { playing = true; draw(); tick(); }
    };
  }
  draw();
  return function () { playing = false; };
}

// --- the static book: start every explorer on the page; links in the prose set one up ---------------
function linkClicked(e) {
  var link = e.target.closest && e.target.closest("a[data-explorer]");
  if (!link) return;
  var section = document.getElementById((link.getAttribute("href") || "").replace(/^#/, ""));
  var view = section && section.querySelector(".rnnlib-explorer-view");
  if (!view || !view.rnnlibSetUp) return;
  e.preventDefault();
  view.rnnlibSetUp(JSON.parse(link.getAttribute("data-explorer")));
  view.scrollIntoView({ block: "start", behavior: "auto" });
  var start = view.querySelector("g[data-marker=start]");
  if (start) start.focus({ preventScroll: true });
}
var linksBound = false;
function boot() {
  document.querySelectorAll(".rnnlib-explorer:not([data-ready])").forEach(function (host) {
    var data = host.querySelector("script.rnnlib-data");
    if (!data) return;
    host.setAttribute("data-ready", "");
    var placeholder = host.querySelector(".rnnlib-placeholder");
    if (placeholder) placeholder.remove();
    render({ model: staticModel(JSON.parse(data.textContent)), el: host });
  });
  if (!linksBound) { document.addEventListener("click", linkClicked); linksBound = true; }
}
global.rnnlibExplorer = { render: render, boot: boot, staticModel: staticModel, strings: STRINGS, languageOf: languageOf };
// Loaded by a page's <script src> (not as anywidget's module): start the explorers once parsed.
if (typeof document !== "undefined" && document.currentScript) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
}
})(globalThis);
