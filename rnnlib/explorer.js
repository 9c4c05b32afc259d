// The weight explorer's static twin (see rnnlib/explorer.py): sliders, readouts and plots that
// work in the HTML book without a kernel. The numbers repeat rnnlib's float64 operations in the
// same order (numpy's pairwise summation included), so they equal rnnlib's to the last shown
// digit. It loads nothing; every explorer on a page is set up once, inside its own element.
(function () {
  "use strict";

  // --- rnnlib's computation -------------------------------------------------------------------
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

  // forward_states, cost, output_gradient and backward_gradient, as in rnnlib/model.py.
  function evaluate(X, t, wx, wrec) {
    var n = X.length, L = X[0].length, i, k, S = [], G = [], sq = [], y = [];
    for (i = 0; i < n; i++) { S.push(new Float64Array(L + 1)); G.push(new Float64Array(L + 1)); }
    for (k = 0; k < L; k++) for (i = 0; i < n; i++) S[i][k + 1] = S[i][k] * wrec + X[i][k] * wx;
    for (i = 0; i < n; i++) { y.push(S[i][L]); sq.push((t[i] - y[i]) * (t[i] - y[i])); }
    var cost = sum(sq) / n, gwx = 0, gwrec = 0, px = [], ps = [];
    for (i = 0; i < n; i++) G[i][L] = 2 * (y[i] - t[i]) / n;
    for (k = L; k > 0; k--) {
      for (i = 0; i < n; i++) { px[i] = G[i][k] * X[i][k - 1]; ps[i] = G[i][k] * S[i][k - 1]; }
      gwx += sum(px);
      gwrec += sum(ps);
      for (i = 0; i < n; i++) G[i][k - 1] = G[i][k] * wrec;
    }
    return { S: S, G: G, cost: cost, gwx: gwx, gwrec: gwrec,
             norm: Math.sqrt(gwx * gwx + gwrec * gwrec) };
  }

  // Python's format(x, ".5g"), the readouts' format in explorer.py. toExponential rounds exact
  // decimal ties up; Python rounds them to even, so ties are found in a longer expansion.
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

  // --- axis ranges, as _nice_ceiling, _state_limits, _gradient_limits in explorer.py ----------
  function niceCeiling(v) {
    var scale = Math.pow(10, Math.floor(Math.log10(v))), m = [1, 2, 5, 10];
    for (var i = 0; i < 4; i++) if (m[i] * scale >= v) return m[i] * scale;
  }
  function stateLimits(s, target) {
    s = s.map(function (v) { return Math.min(Math.max(v, -1e300), 1e300); });  // ±inf pins the end
    var high = Math.max(Math.max.apply(null, s), target), low = Math.min(Math.min.apply(null, s), 0);
    var top = high > 0 ? niceCeiling(1.05 * high) : 0, bottom = low < 0 ? -niceCeiling(-1.05 * low) : 0;
    var pad = 0.05 * ((top - bottom) || 1);
    return [bottom === 0 ? bottom - pad : bottom, top === 0 ? top + pad : top];
  }
  function niceTicks(lo, hi) {
    var step = niceCeiling((hi - lo) / 5), ticks = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
      ticks.push(Math.abs(v) < 1e-9 * step ? 0 : v);
    }
    return ticks;
  }
  var LINTHRESH = 1e-3, LINSCALE = 1 / (1 - 1 / 10);  // matplotlib's symlog, base 10, linscale 1
  function symlog(v) {
    var a = Math.abs(v);
    return a <= LINTHRESH ? v * LINSCALE : Math.sign(v) * LINTHRESH * (LINSCALE + Math.log10(a / LINTHRESH));
  }
  function gradientTop(g) {
    var m = 0;
    for (var i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]));
    return Math.pow(10, Math.ceil(Math.log10(Math.min(Math.max(m, 1e-3), 1e300) * 1.2)));
  }
  function symlogTicks(top) {
    var exps = [], powers = [], k;
    for (k = Math.round(Math.log10(top)); k >= -3; k--) exps.push(k);
    var stride = Math.ceil(exps.length / 3);
    for (k = 0; k < exps.length; k += stride) powers.push(exps[k]);
    return powers;
  }

  // --- drawing: SVG markup in a 300 × 230 view box -----------------------------------------------
  var W = 300, H = 230, LEFT = 52, RIGHT = 292, TOP = 22, BOTTOM = 188;
  function num(v) { return (Math.round(v * 100) / 100).toString(); }
  function text(x, y, s, attrs) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + (attrs || "") + ">" + s + "</text>";
  }
  function power(k, sign) { return sign + "10<tspan dy=\"-5\" font-size=\"8\">" + k + "</tspan>"; }
  function frame(o) {
    // o: title, xlabel, ylabel, xlim, ylim, xticks [[v, label]], yticks [[v, label]], ymap, right
    var right = o.right || RIGHT, mid = (LEFT + right) / 2;
    var sx = function (v) { return LEFT + (v - o.xlim[0]) / (o.xlim[1] - o.xlim[0]) * (right - LEFT); };
    var ty0 = o.ymap(o.ylim[0]), ty1 = o.ymap(o.ylim[1]);
    var sy = function (v) { return BOTTOM - (o.ymap(v) - ty0) / (ty1 - ty0) * (BOTTOM - TOP); };
    var s = "<rect x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"" + (right - LEFT) + "\" height=\"" +
      (BOTTOM - TOP) + "\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"0.8\"/>";
    o.xticks.forEach(function (tk) {
      var x = sx(tk[0]);
      s += "<path d=\"M" + num(x) + " " + BOTTOM + "v4\" stroke=\"currentColor\"/>" +
        text(x, BOTTOM + 15, tk[1], "text-anchor=\"middle\"");
    });
    o.yticks.forEach(function (tk) {
      var y = sy(tk[0]);
      s += "<path d=\"M" + LEFT + " " + num(y) + "h-4\" stroke=\"currentColor\"/>" +
        text(LEFT - 6, y + 4, tk[1], "text-anchor=\"end\"");
    });
    s += text(mid, 14, o.title, "text-anchor=\"middle\" class=\"rnnlib-title\"") +
      text(mid, H - 8, o.xlabel, "text-anchor=\"middle\"") +
      text(12, (TOP + BOTTOM) / 2, o.ylabel,
           "text-anchor=\"middle\" transform=\"rotate(-90 12 " + (TOP + BOTTOM) / 2 + ")\"");
    return { svg: s, sx: sx, sy: sy };
  }
  function polyline(f, ys, name, color) {
    var d = "", dots = "";
    for (var k = 0; k < ys.length; k++) {
      var x = num(f.sx(k)), y = num(Math.min(Math.max(f.sy(ys[k]), -1e4), 1e4));
      d += (k ? "L" : "M") + x + " " + y;
      dots += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"2.2\" fill=\"" + color + "\"/>";
    }
    return "<path data-series=\"" + name + "\" d=\"" + d + "\" fill=\"none\" stroke=\"" + color +
      "\" stroke-width=\"1.6\"/>" + dots;
  }
  function stepTicks(L) {
    var stride = Math.ceil((L + 1) / 6), ticks = [];
    for (var k = 0; k <= L; k += stride) ticks.push([k, String(k)]);
    return ticks;
  }
  var BLUE = "#1f77b4", ORANGE = "#ff7f0e", GREEN = "#2ca02c";
  var SUB = function (s) { return "<tspan dy=\"3\" font-size=\"8\">" + s + "</tspan>"; };

  function drawStates(svg, states, target, label) {
    var L = states.length - 1, lim = stateLimits(states, target);
    var f = frame({ title: "sample " + label, xlabel: "step k", ylabel: "state s" + SUB("k"),
      xlim: [-0.5, L + 0.5], ylim: lim, xticks: stepTicks(L), ymap: function (v) { return v; },
      yticks: niceTicks(lim[0], lim[1]).map(function (v) { return [v, fmt(v)]; }) });
    var yt = num(f.sy(target));
    svg.innerHTML = f.svg + "<path data-series=\"target\" d=\"M" + LEFT + " " + yt + "H" + RIGHT +
      "\" stroke=\"" + ORANGE + "\" stroke-dasharray=\"5 3\" stroke-width=\"1.4\"/>" +
      polyline(f, states, "states", BLUE) +
      text(LEFT + 6, TOP + 13, "— s" + SUB("k"), "fill=\"" + BLUE + "\"") +
      text(LEFT + 6, TOP + 27, "-- target t", "fill=\"" + ORANGE + "\"");
  }
  function drawGradient(svg, grads) {
    var L = grads.length - 1, top = gradientTop(grads), yticks = [[0, "0"]];
    symlogTicks(top).forEach(function (k) { yticks.push([Math.pow(10, k), power(k, "")], [-Math.pow(10, k), power(k, "−")]); });
    var f = frame({ title: "gradient through time", xlabel: "step k", ylabel: "∂ξ/∂s" + SUB("k"),
      xlim: [-0.5, L + 0.5], ylim: [-top, top], xticks: stepTicks(L), ymap: symlog, yticks: yticks });
    var y0 = num(f.sy(0));
    svg.innerHTML = f.svg + "<path d=\"M" + LEFT + " " + y0 + "H" + RIGHT +
      "\" stroke=\"grey\" stroke-width=\"0.5\"/>" + polyline(f, grads, "gradient", GREEN);
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
  function drawSurface(svg, d) {
    var N = d.grid, n = d.X.length, L = d.X[0].length, w = [], Z = [], i, j, k;
    for (j = 0; j < N; j++) w.push(-d.limit + 2 * d.limit * j / (N - 1));
    var zmin = Infinity, zmax = 0;
    for (j = 0; j < N; j++) {  // row j: w_rec = w[j]
      var p = [];
      for (i = 0; i < n; i++) { var acc = 0; for (k = 0; k < L; k++) acc = acc * w[j] + d.X[i][k]; p.push(acc); }
      var row = [];
      for (var c = 0; c < N; c++) {
        var z = 0;
        for (i = 0; i < n; i++) { var e = d.t[i] - w[c] * p[i]; z += e * e; }
        z /= n;
        row.push(z);
        if (isFinite(z) && z > 0) { zmin = Math.min(zmin, z); zmax = Math.max(zmax, z); }
      }
      Z.push(row);
    }
    var lo = Math.log10(Math.max(zmin, zmax * 1e-14)), hi = Math.log10(zmax);
    var color = function (z) { return viridis(isFinite(z) ? (Math.log10(Math.max(z, 1e-300)) - lo) / (hi - lo) : 1); };
    var axisTicks = niceTicks(-d.limit, d.limit).map(function (v) { return [v, fmt(v)]; });
    var f = frame({ title: "loss surface", xlabel: "w" + SUB("x"), ylabel: "w" + SUB("rec"),
      xlim: [-d.limit, d.limit], ylim: [-d.limit, d.limit], ymap: function (v) { return v; },
      xticks: axisTicks, yticks: axisTicks, right: RIGHT - 38 });
    var surface = imageURL(N, N, function (r, c) { return color(Z[N - 1 - r][c]); });
    var bar = imageURL(1, 64, function (r) { return viridis(1 - r / 63); });
    var bx = RIGHT - 30, by = function (e) { return BOTTOM - (e - lo) / (hi - lo) * (BOTTOM - TOP); };
    var s = "<image href=\"" + surface + "\" x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"" +
      (RIGHT - 38 - LEFT) + "\" height=\"" + (BOTTOM - TOP) +
      "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\"/>" + f.svg +
      "<image href=\"" + bar + "\" x=\"" + bx + "\" y=\"" + TOP + "\" width=\"9\" height=\"" +
      (BOTTOM - TOP) + "\" preserveAspectRatio=\"none\"/>";
    for (var e0 = Math.ceil(lo); e0 <= Math.floor(hi); e0 += 2) {
      s += text(bx + 12, by(e0) + 4, power(e0, ""), "font-size=\"9\"");
    }
    s += text(bx + 4, TOP - 6, "ξ", "text-anchor=\"middle\"") +
      "<path d=\"M" + num(f.sx(1) - 5) + " " + num(f.sy(1)) + "h10M" + num(f.sx(1)) + " " + num(f.sy(1) - 5) +
      "v10\" stroke=\"white\" stroke-width=\"2\"/>" +
      "<circle data-marker=\"\" r=\"5\" fill=\"white\" stroke=\"black\" stroke-width=\"1.2\"/>";
    svg.innerHTML = s;
    return { sx: f.sx, sy: f.sy };
  }

  // --- wiring ------------------------------------------------------------------------------------
  function setUp(root) {
    root.setAttribute("data-ready", "");
    var d = JSON.parse(root.querySelector("script.rnnlib-data").textContent);
    var decimals = parseInt(root.getAttribute("data-decimals"), 10);
    var q = function (sel) { return root.querySelector(sel); };
    var wxIn = q("input[name=wx]"), wrecIn = q("input[name=wrec]"), pick = q("select[name=sample]");
    var plots = { states: q("svg[data-plot=states]"), gradient: q("svg[data-plot=gradient]") };
    var map = drawSurface(q("svg[data-plot=surface]"), d), marker = q("circle[data-marker]");
    var out = function (key, value) { q("[data-readout=" + key + "]").textContent = value; };
    function update() {
      var wx = parseFloat(wxIn.value), wrec = parseFloat(wrecIn.value), i = parseInt(pick.value, 10);
      var r = evaluate(d.X, d.t, wx, wrec);
      out("wx", wx.toFixed(decimals));
      out("wrec", wrec.toFixed(decimals));
      out("cost", fmt(r.cost));
      out("grad_wx", fmt(r.gwx));
      out("grad_wrec", fmt(r.gwrec));
      out("grad_norm", fmt(r.norm));
      out("output", fmt(r.S[i][r.S[i].length - 1]));
      out("sample", String(i));
      drawStates(plots.states, Array.from(r.S[i]), d.t[i], pick.options[pick.selectedIndex].text);
      drawGradient(plots.gradient, Array.from(r.G[i]));
      marker.setAttribute("cx", num(map.sx(wx)));
      marker.setAttribute("cy", num(map.sy(wrec)));
    }
    wxIn.addEventListener("input", update);
    wrecIn.addEventListener("input", update);
    pick.addEventListener("change", update);
    update();
  }
  var roots = document.querySelectorAll(".rnnlib-explorer:not([data-ready])");
  for (var i = 0; i < roots.length; i++) setUp(roots[i]);
})();
