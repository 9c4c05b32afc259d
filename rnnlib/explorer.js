// The weight explorer's one front end (see rnnlib/explorer.py): an anywidget module.
// Live in JupyterLab, render() draws the state that Python computes with rnnlib and sends the
// reader's actions to the kernel. In the static book the same render() runs against
// staticModel(), whose Engine repeats rnnlib/trajectories.py in float64 in the same order of
// operations (numpy's pairwise summation included), so its numbers are rnnlib's. It loads
// nothing from anywhere.

// --- rnnlib's computation -----------------------------------------------------------------------
// numpy's float64 add.reduce on a contiguous array: pairwise, 8 accumulators per block.
function pairwise(a, lo, n) {
  var i, j, res;
  if (n < 8) {
    res = 0;
    for (i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= 128) {
    var r = [];
    for (j = 0; j < 8; j++) r.push(a[lo + j]);
    for (i = 8; i < n - (n % 8); i += 8) for (j = 0; j < 8; j++) r[j] += a[lo + i + j];
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  var half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(a, lo, half) + pairwise(a, lo + half, n - half);
}
function sum(a) { return 0 + pairwise(a, 0, a.length); }
function allFinite(a) { for (var i = 0; i < a.length; i++) if (!isFinite(a[i])) return false; return true; }

// evaluate() of trajectories.py: forward_states, cost, output_gradient, backward_gradient.
function evaluate(X, t, wx, wrec) {
  var n = X.length, L = X[0].length, i, k, S = [], G = [], sq = [], y = [], finiteS = true;
  for (i = 0; i < n; i++) { S.push(new Float64Array(L + 1)); G.push(new Float64Array(L + 1)); }
  for (k = 0; k < L; k++) for (i = 0; i < n; i++) S[i][k + 1] = S[i][k] * wrec + X[i][k] * wx;
  for (i = 0; i < n; i++) finiteS = finiteS && allFinite(S[i]);
  if (!finiteS) {
    for (i = 0; i < n; i++) G[i].fill(NaN);
    return { S: S, G: G, cost: Infinity, grad: [NaN, NaN], finite: false };
  }
  for (i = 0; i < n; i++) { y.push(S[i][L]); sq.push((t[i] - y[i]) * (t[i] - y[i])); }
  var cost = sum(sq) / n, gwx = 0, gwrec = 0, px = [], ps = [];
  for (i = 0; i < n; i++) G[i][L] = 2 * (y[i] - t[i]) / n;
  for (k = L; k > 0; k--) {
    for (i = 0; i < n; i++) { px[i] = G[i][k] * X[i][k - 1]; ps[i] = G[i][k] * S[i][k - 1]; }
    gwx += sum(px);
    gwrec += sum(ps);
    for (i = 0; i < n; i++) G[i][k - 1] = G[i][k] * wrec;
  }
  var finite = isFinite(cost) && isFinite(gwx) && isFinite(gwrec);
  for (i = 0; i < n && finite; i++) finite = allFinite(G[i]);
  return { S: S, G: G, cost: cost, grad: [gwx, gwrec], finite: finite };
}

// Training of trajectories.py: the same state, the same steps (rnnlib.rprop's and
// rnnlib.gradient_descent's), the same actions.
function Engine(d) {
  this.X = d.X; this.t = d.t; this.sample = d.sample; this.max = d.max_iterations;
  this.settings = Object.assign({}, d.settings);
  this.move(d.start[0], d.start[1]);
}
Engine.prototype.move = function (wx, wrec) { this.start = [wx, wrec]; this.reset(); };
Engine.prototype.reset = function () {
  this.w = this.start.slice();
  this.values = evaluate(this.X, this.t, this.w[0], this.w[1]);
  this.trail = [this.w];
  this.costs = [this.values.cost];
  this.diverged = this.values.finite ? null : 0;
  this.delta = [this.settings.delta0, this.settings.delta0];
  this.previousSign = [0, 0];
};
Engine.prototype.step = function (count) {
  for (var c = 0; c < count; c++) {
    if (this.diverged !== null || this.trail.length > this.max) return;
    var s = this.settings, g = this.values.grad, w = [0, 0], j;
    if (s.optimiser === "rprop") {
      for (j = 0; j < 2; j++) {
        var sign = Math.sign(g[j]);
        this.delta[j] = this.delta[j] * (sign === this.previousSign[j] ? s.eta_p : s.eta_n);
        w[j] = this.w[j] - sign * this.delta[j];
        this.previousSign[j] = sign;
      }
    } else if (s.optimiser === "clip") {
      var norm = Math.sqrt(g[0] * g[0] + g[1] * g[1]), clip = norm > s.theta;
      for (j = 0; j < 2; j++) w[j] = this.w[j] - s.learning_rate * (clip ? g[j] * s.theta / norm : g[j]);
    } else {
      for (j = 0; j < 2; j++) w[j] = this.w[j] - s.learning_rate * g[j];
    }
    var values = isFinite(w[0]) && isFinite(w[1]) ? evaluate(this.X, this.t, w[0], w[1]) : null;
    if (values === null || !values.finite) { this.diverged = this.trail.length; return; }
    this.w = w; this.values = values;
    this.trail.push(w);
    this.costs.push(values.cost);
  }
};
Engine.prototype.state = function () {
  var i = this.sample;
  return { wx: this.w[0], wrec: this.w[1], start: this.start.slice(), iteration: this.trail.length - 1,
    trail: this.trail, costs: this.costs, cost: this.values.cost, grad: this.values.grad.slice(),
    diverged: this.diverged, sample: i, states: Array.from(this.values.S[i]),
    grad_over_time: Array.from(this.values.G[i]), settings: Object.assign({}, this.settings) };
};
Engine.prototype.handle = function (m) {
  if (m.action === "move") this.move(m.wx, m.wrec);
  else if (m.action === "step") this.step(m.count || 1);
  else if (m.action === "reset") this.reset();
  else if (m.action === "sample") this.sample = m.sample;
  else if (m.action === "settings") { Object.assign(this.settings, m.settings); this.reset(); }
};

// The model render() talks to in the static book: anywidget's get / on / send, answered here.
function staticModel(data) {
  var engine = new Engine(data), listeners = [];
  return {
    get: function (key) { return key === "data" ? data : engine.state(); },
    on: function (event, callback) { if (event === "change:state") listeners.push(callback); },
    send: function (message) {
      engine.handle(message);
      listeners.forEach(function (callback) { callback(); });
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
// rnnlib/ticks.py's symlog_exponents: the powers of ten labelled on a symmetric-log axis, the
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
function power(k, sign) { return (sign || "") + "10<tspan dy=\"-5\" font-size=\"8\">" + k + "</tspan>"; }
function sub(s) { return "<tspan dy=\"3\" font-size=\"8\">" + s + "</tspan>"; }
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
var BLUE = "#1f77b4", ORANGE = "#ff7f0e", GREEN = "#2ca02c", RED = "#d62728";

function drawStates(svg, st, target) {
  var states = st.states.map(num), L = states.length - 1, lim = stateLimits(states, target);
  var b = new Box(320, 230, { xlim: [-0.5, L + 0.5], ylim: lim, left: 54 }), ks = [];
  for (var k = 0; k <= L; k++) ks.push(k);
  var clamped = states.map(function (v) { return Math.min(Math.max(v, -1e300), 1e300); });
  frameOnce(svg, [L, lim, target].join(" "), b.axes(stepTicks(L),
    niceTicks(lim[0], lim[1]).map(function (v) { return [v, tickLabel(v)]; }), "step k", "state s" + sub("k")) +
    b.clip("<path data-series=\"target\" d=\"M" + b.L + " " + r2(b.sy(target)) + "H" + b.R + "\" stroke=\"" +
      ORANGE + "\" stroke-dasharray=\"5 3\" stroke-width=\"1.4\"/>" + series("states", BLUE, 1.6) +
      series("states-dots", BLUE, 4.4, true)) +
    text(b.R, b.T - 7, "— s" + sub("k") + "    ", "text-anchor=\"end\" fill=\"" + BLUE + "\"") +
    text(b.R, b.T - 7, "- - target t = " + fmt(target), "text-anchor=\"end\" dx=\"-40\" fill=\"" + ORANGE + "\""));
  setPath(svg, "states", pathOf(b, ks, clamped));
  setPath(svg, "states-dots", dotsOf(b, ks, clamped));
}
function drawGradient(svg, st) {
  var g = st.grad_over_time.map(num), L = g.length - 1, largest = LINTHRESH, k, ks = [];
  for (k = 0; k <= L; k++) { ks.push(k); if (isFinite(g[k])) largest = Math.max(largest, Math.abs(g[k])); }
  var exps = symlogExponents(largest, LINTHRESH), top = Math.pow(10, exps[0]), yticks = [[0, "0"]];
  exps.forEach(function (e) { yticks.push([Math.pow(10, e), power(e)], [-Math.pow(10, e), power(e, "−")]); });
  var b = new Box(320, 260, { xlim: [-0.5, L + 0.5], ylim: [-top, top], ymap: symlog, left: 54 });
  var shown = g.map(function (v) { return isFinite(v) ? v : 0; });
  frameOnce(svg, [L, top].join(" "), b.axes(stepTicks(L), yticks,
    "step k (backpropagation runs right to left)", "∂ξ/∂s" + sub("k")) +
    b.clip("<path d=\"M" + b.L + " " + r2(b.sy(0)) + "H" + b.R + "\" stroke=\"grey\" stroke-width=\"0.5\"/>" +
      series("gradient", GREEN, 1.6) + series("gradient-dots", GREEN, 4.4, true)) +
    text(b.L + 8, b.T + 16, "", "data-overflow=\"\" fill=\"" + RED + "\""));
  setPath(svg, "gradient", pathOf(b, ks, shown));
  setPath(svg, "gradient-dots", dotsOf(b, ks, shown));
  svg.querySelector("[data-overflow]").textContent = allFinite(g) ? "" : "overflow";
}
function drawCosts(svg, st) {
  var costs = st.costs.map(num), n = costs.length, lo = Infinity, hi = -Infinity, i, xs = [], ys = [];
  for (i = 0; i < n; i++) if (isFinite(costs[i]) && costs[i] > 0) { lo = Math.min(lo, costs[i]); hi = Math.max(hi, costs[i]); }
  if (!(lo <= hi)) { lo = 1e-3; hi = 1; }
  var elo = Math.floor(Math.log10(lo)), ehi = Math.max(Math.ceil(Math.log10(hi)), elo + 1);
  var floor = Math.pow(10, elo), last = Math.max(10, niceCeiling(Math.max(n - 1, 1)));
  for (i = 0; i < n; i++) { xs.push(i); ys.push(Math.max(costs[i], floor)); }
  var b = new Box(320, 230, { xlim: [0, last], ylim: [floor, Math.pow(10, ehi)], ymap: Math.log10, left: 54 });
  var stride = Math.ceil((ehi - elo) / 5), yticks = [];
  for (var e = elo; e <= ehi; e += stride) yticks.push([Math.pow(10, e), power(e)]);
  frameOnce(svg, [elo, ehi, last].join(" "), b.axes(niceTicks(0, last, 4).map(function (v) { return [v, String(v)]; }),
    yticks, "iteration", "cost ξ (log scale)") + b.clip(series("cost", BLUE, 1.6) + series("cost-end", BLUE, 6, true)));
  setPath(svg, "cost", pathOf(b, xs, ys));
  setPath(svg, "cost-end", "M" + r2(b.sx(n - 1)) + " " + r2(b.sy(ys[n - 1])) + "h0");
}

// The loss surface from the closed form y = w_x·p(w_rec), p = Σ_k x_k·w_rec^(L-k), as an image.
var VIRIDIS = ["440154", "48186a", "472d7b", "424086", "3b528b", "33638d", "2c728e", "26828e",
  "21918c", "1fa088", "28ae80", "3fbc73", "5ec962", "84d44b", "addc30", "d8e219", "fde725"];
function viridis(f) {
  var x = Math.min(Math.max(f, 0), 1) * (VIRIDIS.length - 1), i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  var a = parseInt(VIRIDIS[i], 16), b = parseInt(VIRIDIS[i + 1], 16), u = x - i;
  return [16, 8, 0].map(function (s) { return Math.round(((a >> s) & 255) * (1 - u) + ((b >> s) & 255) * u); });
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
  return new Box(340, 320, { xlim: [view[0], view[1]], ylim: [view[2], view[3]], left: 46, right: 46, top: 20 });
}
function drawSurfaceBase(svg, d, view) {
  var N = d.grid, n = d.X.length, L = d.X[0].length, Z = [], i, j, k, c;
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
  var color = function (z) { return viridis(isFinite(z) ? (Math.log10(Math.max(z, 1e-300)) - lo) / (hi - lo) : 1); };
  var b = surfaceBox(view);
  var xt = niceTicks(view[0], view[1], 4).map(function (v) { return [v, tickLabel(v)]; });
  var yt = niceTicks(view[2], view[3], 5).map(function (v) { return [v, tickLabel(v)]; });
  var surface = imageURL(N, N, function (r, c) { return color(Z[N - 1 - r][c]); });
  var bar = imageURL(1, 64, function (r) { return viridis(1 - r / 63); });
  var bx = b.R + 8, by = function (e) { return b.B - (e - lo) / (hi - lo) * (b.B - b.T); };
  var s = "<image href=\"" + surface + "\" x=\"" + b.L + "\" y=\"" + b.T + "\" width=\"" + (b.R - b.L) +
    "\" height=\"" + (b.B - b.T) + "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\"/>" +
    b.axes(xt, yt, "w" + sub("x"), "w" + sub("rec")) +
    "<image href=\"" + bar + "\" x=\"" + bx + "\" y=\"" + b.T + "\" width=\"8\" height=\"" + (b.B - b.T) +
    "\" preserveAspectRatio=\"none\"/>" + text(bx + 4, b.T - 7, "ξ", "text-anchor=\"middle\"");
  var estep = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo)) / 5));
  for (var e0 = Math.floor(hi); e0 >= Math.ceil(lo); e0 -= estep) s += text(bx + 11, by(e0) + 4, power(e0), "font-size=\"9\"");
  svg.innerHTML = s + "<g data-layer=\"run\"></g>";
  return b;
}
function drawRun(svg, box, st, d) {  // the run over the surface: trail, start, arrow, marker
  var layer = svg.querySelector("g[data-layer=run]");
  if (!layer.firstChild) {
    var o = d.optimum;
    layer.innerHTML = box.clip("<path d=\"M" + r2(box.sx(o[0]) - 6) + " " + r2(box.sy(o[1])) + "h12M" +
      r2(box.sx(o[0])) + " " + r2(box.sy(o[1]) - 6) + "v12\" stroke=\"white\" stroke-width=\"2\"/>" +
      series("trail", "white", 1.5) + series("start", "white", 1.5) + series("gradient-arrow", ORANGE, 2) +
      "<circle data-marker=\"\" r=\"5\" fill=\"white\" stroke=\"black\" stroke-width=\"1.2\"/>");
  }
  var trail = st.trail, xs = [], ys = [], i;
  for (i = 0; i < trail.length; i++) { xs.push(num(trail[i][0])); ys.push(num(trail[i][1])); }
  setPath(layer, "trail", trail.length > 1 ? pathOf(box, xs, ys) : "");
  var start = st.start.map(num), x = box.sx(num(st.wx)), y = box.sy(num(st.wrec));
  var sx0 = box.sx(start[0]), sy0 = box.sy(start[1]);
  setPath(layer, "start", "M" + r2(sx0 - 3.5) + " " + r2(sy0) + "a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0");
  var g = st.grad.map(num), arrow = "";
  if (isFinite(g[0]) && isFinite(g[1]) && (g[0] !== 0 || g[1] !== 0)) {  // downhill: −gradient
    var dx = -g[0] * (box.R - box.L) / (box.xlim[1] - box.xlim[0]), dy = g[1] * (box.B - box.T) / (box.ylim[1] - box.ylim[0]);
    var len = Math.sqrt(dx * dx + dy * dy), ux = dx / len, uy = dy / len, ex = x + 30 * ux, ey = y + 30 * uy;
    arrow = "M" + r2(x) + " " + r2(y) + "L" + r2(ex) + " " + r2(ey) + "M" + r2(ex - 7 * ux + 4 * uy) + " " +
      r2(ey - 7 * uy - 4 * ux) + "L" + r2(ex) + " " + r2(ey) + "L" + r2(ex - 7 * ux - 4 * uy) + " " + r2(ey - 7 * uy + 4 * ux);
  }
  setPath(layer, "gradient-arrow", arrow);
  var marker = layer.querySelector("circle[data-marker]");
  marker.setAttribute("cx", r2(x));
  marker.setAttribute("cy", r2(y));
}

// --- the explorer ---------------------------------------------------------------------------------
var READOUTS = {
  states: [["wx", "w<sub>x</sub>"], ["wrec", "w<sub>rec</sub>"], ["cost", "cost ξ"], ["output", "output y"]],
  training: [["iteration", "iteration"], ["wx", "w<sub>x</sub>"], ["wrec", "w<sub>rec</sub>"], ["cost", "cost ξ"],
    ["grad_wx", "∂ξ/∂w<sub>x</sub>"], ["grad_wrec", "∂ξ/∂w<sub>rec</sub>"]],
};
function render(ctx) {
  var model = ctx.model, el = ctx.el, d = model.get("data"), mode = d.mode, training = mode !== "states";
  var root = document.createElement("div");
  root.className = "rnnlib-explorer-view rnnlib-mode-" + mode;
  var h = "";
  var slider = function (name, label) {
    return "<div class=\"rnnlib-weight\"><span class=\"rnnlib-name\" aria-hidden=\"true\">" + label + "</span>" +
      "<input type=\"range\" name=\"" + name + "\" min=\"" + -d.limit + "\" max=\"" + d.limit + "\" step=\"" + d.step +
      "\" aria-label=\"" + (name === "wx" ? "input weight w_x" : "recurrent weight w_rec") + "\">" +
      "<input type=\"number\" name=\"" + name + "_value\" step=\"any\" aria-label=\"" +
      (name === "wx" ? "w_x, exact value" : "w_rec, exact value") + "\"></div>";
  };
  var weights = "<div class=\"rnnlib-weights\">" + slider("wx", "w<sub>x</sub>") + slider("wrec", "w<sub>rec</sub>") + "</div>";
  var sample = "<label class=\"rnnlib-field\">sample <select name=\"sample\">" +
    d.labels.map(function (lab, i) { return "<option value=\"" + i + "\">" + lab + "</option>"; }).join("") + "</select></label>";
  var readouts = "<div class=\"rnnlib-readouts\">" + READOUTS[training ? "training" : "states"].map(function (r) {
    return "<span class=\"rnnlib-readout\">" + r[1] + " = <output data-readout=\"" + r[0] + "\"></output></span>";
  }).join("") + (training ? "<span class=\"rnnlib-status\" data-readout=\"status\"></span>" : "") + "</div>";
  if (training) {
    var presets = "<label class=\"rnnlib-field\">go to <select name=\"preset\"><option value=\"\">a point…</option>" +
      d.presets.map(function (p, i) { return "<option value=\"" + i + "\">" + p[0] + "</option>"; }).join("") + "</select></label>";
    var views = "<label class=\"rnnlib-field\">view <select name=\"view\">" +
      d.views.map(function (v, i) { return "<option value=\"" + i + "\">" + v[0] + "</option>"; }).join("") + "</select></label>";
    var opts = "<label class=\"rnnlib-field\">optimiser <select name=\"optimiser\">" +
      d.optimisers.map(function (o) { return "<option value=\"" + o[0] + "\">" + o[1] + "</option>"; }).join("") + "</select></label>";
    var numberField = function (name, label, cls) {
      return "<label class=\"rnnlib-field " + cls + "\"><span>" + label + "</span><input type=\"number\" name=\"" + name +
        "\" step=\"any\" min=\"0\"></label>";
    };
    var settings = "<div class=\"rnnlib-settings\">" + opts +
      "<label class=\"rnnlib-field rnnlib-for-gd rnnlib-for-clip\"><span>learning rate, log scale</span><input type=\"range\" " +
      "name=\"log_learning_rate\" min=\"-9\" max=\"0\" step=\"0.5\" aria-label=\"learning rate, log scale\"></label>" +
      numberField("learning_rate", "μ", "rnnlib-for-gd rnnlib-for-clip") + numberField("theta", "clip θ", "rnnlib-for-clip") +
      numberField("delta0", "Δ<sub>0</sub>", "rnnlib-for-rprop") + numberField("eta_p", "η<sup>+</sup>", "rnnlib-for-rprop") +
      numberField("eta_n", "η<sup>−</sup>", "rnnlib-for-rprop") + "</div>";
    var buttons = "<div class=\"rnnlib-buttons\"><button type=\"button\" data-action=\"step\">Step</button>" +
      "<button type=\"button\" data-action=\"play\" aria-pressed=\"false\">Play</button>" +
      "<button type=\"button\" data-action=\"reset\">Reset</button></div>";
    h = "<div class=\"rnnlib-top\"><figure class=\"rnnlib-panel rnnlib-surface\"><figcaption>loss surface" +
      "</figcaption><svg data-plot=\"surface\" viewBox=\"0 0 340 320\" role=\"img\" aria-label=\"the loss surface: " +
      "click to move the weights there; the white path is the run so far, the arrow points downhill\"></svg></figure>" +
      "<div class=\"rnnlib-controls\">" + weights + "<div class=\"rnnlib-row\">" + presets + views + "</div>" + settings +
      buttons + readouts + "</div></div><div class=\"rnnlib-plots\">" +
      "<figure class=\"rnnlib-panel\"><figcaption>cost during training</figcaption><svg data-plot=\"cost\" " +
      "viewBox=\"0 0 320 230\" role=\"img\" aria-label=\"the cost at each iteration of the run\"></svg></figure>" +
      (mode === "full" ? "<figure class=\"rnnlib-panel\"><figcaption>states of one sample</figcaption>" + sample +
        "<svg data-plot=\"states\" viewBox=\"0 0 320 230\" role=\"img\" aria-label=\"the sample's states over the steps, with its target\"></svg></figure>" +
        "<figure class=\"rnnlib-panel\"><figcaption>gradient through time</figcaption><svg data-plot=\"gradient\" " +
        "viewBox=\"0 0 320 260\" role=\"img\" aria-label=\"the gradient of the cost with respect to each state\"></svg></figure>" : "") +
      "</div>";
  } else {
    h = "<div class=\"rnnlib-controls\">" + weights + "<div class=\"rnnlib-row\">" + sample + "</div>" + readouts + "</div>" +
      "<div class=\"rnnlib-plots\"><figure class=\"rnnlib-panel\"><figcaption>states of one sample</figcaption>" +
      "<svg data-plot=\"states\" viewBox=\"0 0 320 230\" role=\"img\" aria-label=\"the sample's states over the steps, with its target\"></svg></figure></div>";
  }
  root.innerHTML = h + "<div class=\"rnnlib-announce\" aria-live=\"polite\" role=\"status\"></div>";
  el.appendChild(root);

  var q = function (sel) { return root.querySelector(sel); };
  var all = function (sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); };
  var state = model.get("state"), viewIndex = 0, box = null, playing = false, pending = false;
  var surfaceSvg = q("svg[data-plot=surface]");
  function setReadout(key, value, text) {
    var out = q("[data-readout=" + key + "]");
    if (!out) return;
    out.textContent = text === undefined ? fmt(value) : text;
    if (typeof value === "number") out.setAttribute("data-value", key === "iteration" ? String(value) : pyRepr(value));
  }
  function status(st) {
    if (st.diverged !== null && st.diverged !== undefined) {
      return st.diverged === 0 ? "this point overflows float64: pick another" :
        "diverged at iteration " + st.diverged + ": that step leaves float64's range; the path stops at " + (st.diverged - 1);
    }
    return st.iteration >= d.max_iterations ? "stopped after " + d.max_iterations + " iterations" : "";
  }
  function draw() {
    var st = state, wx = num(st.wx), wrec = num(st.wrec), g = st.grad.map(num), i = st.sample;
    all("input[type=range][name=wx], input[type=range][name=wrec]").forEach(function (input) {
      input.value = String(input.name === "wx" ? wx : wrec);
    });
    [["wx_value", wx], ["wrec_value", wrec]].forEach(function (p) {
      var input = q("input[name=" + p[0] + "]");
      if (document.activeElement !== input) input.value = isFinite(p[1]) ? pyRepr(p[1]) : "";
    });
    setReadout("iteration", st.iteration, String(st.iteration));
    setReadout("wx", wx);
    setReadout("wrec", wrec);
    var cost = num(st.cost);
    setReadout("cost", cost);
    setReadout("grad_wx", g[0], isFinite(g[0]) ? fmt(g[0]) : "overflow");
    setReadout("grad_wrec", g[1], isFinite(g[1]) ? fmt(g[1]) : "overflow");
    var states = st.states.map(num);
    setReadout("output", states[states.length - 1]);
    var statusEl = q("[data-readout=status]");
    if (statusEl) statusEl.textContent = status(st);
    var pick = q("select[name=sample]");
    if (pick) pick.value = String(i);
    if (q("svg[data-plot=states]")) drawStates(q("svg[data-plot=states]"), st, d.t[i]);
    if (!training) return;
    if (q("svg[data-plot=gradient]")) drawGradient(q("svg[data-plot=gradient]"), st);
    drawCosts(q("svg[data-plot=cost]"), st);
    var s = st.settings;
    q("select[name=optimiser]").value = s.optimiser;
    root.setAttribute("data-optimiser", s.optimiser);
    ["learning_rate", "theta", "delta0", "eta_p", "eta_n"].forEach(function (name) {
      var input = q("input[name=" + name + "]");
      if (input && document.activeElement !== input) input.value = pyRepr(s[name]);
    });
    q("input[name=log_learning_rate]").value = String(Math.log10(s.learning_rate));
    if (!box) {
      box = drawSurfaceBase(surfaceSvg, d, d.views[viewIndex][1]);
      surfaceSvg.setAttribute("data-plot-area", [box.L, box.T, box.R, box.B].join(" "));
      surfaceSvg.setAttribute("data-view", d.views[viewIndex][1].join(" "));
    }
    drawRun(surfaceSvg, box, st, d);
    var play = q("[data-action=play]");
    play.textContent = playing ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(playing));
  }
  function announce() {  // once, when a move ends: the numbers a screen reader reads out
    var st = state, parts = [];
    if (training) parts.push("iteration " + st.iteration);
    parts.push("w_x " + fmt(num(st.wx)), "w_rec " + fmt(num(st.wrec)), "cost " + fmt(num(st.cost)));
    var extra = training ? status(st) : "";
    q(".rnnlib-announce").textContent = parts.join(", ") + (extra ? "; " + extra : "");
  }
  var announceNext = false;
  function send(message, thenAnnounce) {
    announceNext = announceNext || !!thenAnnounce;
    pending = true;
    model.send(message);
  }
  model.on("change:state", function () {
    state = model.get("state");
    pending = false;
    if (playing && (state.diverged !== null || state.iteration >= d.max_iterations)) playing = false;
    draw();
    if (announceNext && !playing) { announce(); announceNext = false; }
    if (playing) requestAnimationFrame(tick);
  });
  function tick() { if (playing && !pending) send({ action: "step", count: 1 }); }
  function stopPlaying() { if (playing) { playing = false; announceNext = true; draw(); announce(); announceNext = false; } }
  function moveTo(wx, wrec, thenAnnounce) { stopPlaying(); send({ action: "move", wx: wx, wrec: wrec }, thenAnnounce); }

  all("input[type=range][name=wx], input[type=range][name=wrec]").forEach(function (input) {
    var other = input.name === "wx" ? "wrec" : "wx";
    var value = function () {  // the moved slider's displayed value, the other weight as it is
      var w = {}; w[input.name] = parseFloat(input.value); w[other] = num(state[other]); return w;
    };
    input.addEventListener("input", function () { var w = value(); moveTo(w.wx, w.wrec, false); });
    input.addEventListener("change", function () { announce(); });
  });
  all("input[name=wx_value], input[name=wrec_value]").forEach(function (input) {
    input.addEventListener("change", function () {
      var v = parseFloat(input.value), ok = isFinite(v) && input.value.trim() !== "";
      input.setAttribute("aria-invalid", String(!ok));
      if (!ok) return;
      var w = { wx: num(state.wx), wrec: num(state.wrec) };
      w[input.name.replace("_value", "")] = v;
      moveTo(w.wx, w.wrec, true);
    });
  });
  var pick = q("select[name=sample]");
  if (pick) pick.addEventListener("change", function () { send({ action: "sample", sample: parseInt(pick.value, 10) }, true); });
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
    var settingsChanged = function (changes) { stopPlaying(); send({ action: "settings", settings: changes }, true); };
    q("select[name=optimiser]").addEventListener("change", function (e) { settingsChanged({ optimiser: e.target.value }); });
    q("input[name=log_learning_rate]").addEventListener("change", function (e) {
      settingsChanged({ learning_rate: Number(Math.pow(10, parseFloat(e.target.value)).toPrecision(2)) });
    });
    ["learning_rate", "theta", "delta0", "eta_p", "eta_n"].forEach(function (name) {
      var input = q("input[name=" + name + "]");
      input.addEventListener("change", function () {
        var v = parseFloat(input.value), ok = isFinite(v) && v > 0 && (name !== "eta_p" || v > 1) && (name !== "eta_n" || v < 1);
        input.setAttribute("aria-invalid", String(!ok));
        if (ok) { var c = {}; c[name] = v; settingsChanged(c); }
      });
    });
    q("[data-action=step]").addEventListener("click", function () { stopPlaying(); send({ action: "step", count: 1 }, true); });
    q("[data-action=reset]").addEventListener("click", function () { stopPlaying(); send({ action: "reset" }, true); });
    q("[data-action=play]").addEventListener("click", function () {
      if (playing) { stopPlaying(); return; }
      if (state.diverged !== null || state.iteration >= d.max_iterations) { announce(); return; }
      playing = true;
      draw();
      tick();
    });
    surfaceSvg.addEventListener("click", function (e) {
      var m = surfaceSvg.getScreenCTM();
      if (!m || !box) return;
      var p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      if (p.x < box.L || p.x > box.R || p.y < box.T || p.y > box.B) return;
      var round = function (v, lo, hi) {  // to about a hundredth of the view, as decimals
        var dec = Math.max(0, -Math.floor(Math.log10((hi - lo) / 100)));
        return Number(v.toFixed(dec));
      };
      var x = box.xlim[0] + (p.x - box.L) / (box.R - box.L) * (box.xlim[1] - box.xlim[0]);
      var y = box.ylim[0] + (box.B - p.y) / (box.B - box.T) * (box.ylim[1] - box.ylim[0]);
      moveTo(round(x, box.xlim[0], box.xlim[1]), round(y, box.ylim[0], box.ylim[1]), true);
    });
  }
  draw();
  return function () { playing = false; };
}

export default { render };
