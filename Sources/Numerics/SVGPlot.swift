import Foundation

/// A small deterministic SVG plotter for reports: line and scatter series, confidence bands and
/// reference curves (for example a claimed bound), on linear or base-10 logarithmic axes, with
/// axis labels and a legend.
///
/// Output is a pure function of the input: every coordinate is printed in fixed-point notation
/// with two decimals by integer arithmetic (no locale, no `printf`), so the same plot gives the
/// same bytes on every platform. Bad input throws `NumericsError` rather than drawing something
/// misleading: series of unequal length, empty plots, non-finite values, and zero or negative
/// values on a logarithmic axis.
public struct LinePlot: Sendable, Equatable {
    public var title: String
    public var xAxis: PlotAxis
    public var yAxis: PlotAxis
    public var series: [PlotSeries]
    public var bands: [PlotBand]
    public var width: Int
    public var height: Int

    public init(title: String, xAxis: PlotAxis, yAxis: PlotAxis, series: [PlotSeries], bands: [PlotBand] = [],
                width: Int = 800, height: Int = 440) {
        self.title = title; self.xAxis = xAxis; self.yAxis = yAxis
        self.series = series; self.bands = bands; self.width = width; self.height = height
    }
}

/// How data map to an axis.
public enum AxisScale: String, Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; every value on the axis must be > 0.
    case log10
}

public struct PlotAxis: Sendable, Equatable {
    /// The label including units, e.g. "batch size B" or "E‖Δ_T‖ (parameter units)".
    public var label: String
    public var scale: AxisScale
    /// Forces the axis to cover this interval (it is still widened to cover the data).
    public var include: [Double]
    public init(_ label: String, scale: AxisScale = .linear, include: [Double] = []) {
        self.label = label; self.scale = scale; self.include = include
    }
}

/// How a series is drawn.
public enum SeriesStyle: String, Sendable, Equatable {
    /// A solid polyline through the points in the given order.
    case line
    /// Circles at the points, no line (a scatter plot).
    case markers
    /// A solid polyline with circles at the points.
    case lineAndMarkers
    /// A dashed polyline: a reference curve such as a claimed bound or a closed form.
    case reference
}

public struct PlotSeries: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var style: SeriesStyle
    /// Index into the palette; nil picks the next unused colour.
    public var color: Int?
    public init(_ name: String, x: [Double], y: [Double], style: SeriesStyle = .lineAndMarkers, color: Int? = nil) {
        self.name = name; self.x = x; self.y = y; self.style = style; self.color = color
    }
}

/// A shaded region between two curves, e.g. a pointwise confidence band.
public struct PlotBand: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var color: Int?
    public init(_ name: String, x: [Double], lower: [Double], upper: [Double], color: Int? = nil) {
        self.name = name; self.x = x; self.lower = lower; self.upper = upper; self.color = color
    }
}

extension LinePlot {
    /// Colour-blind-safe palette (Okabe–Ito order), cycled when a plot has more series.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// The SVG document. Throws `.empty` when nothing would be drawn, `.dimensionMismatch` for a
    /// series whose coordinate arrays differ in length, `.nonFinite` for NaN or ±∞ anywhere, and
    /// `.invalidArgument` for a value ≤ 0 on a log axis or a plot smaller than 200×150.
    public func svg() throws -> String {
        guard width >= 200, height >= 150 else {
            throw NumericsError.invalidArgument(operation: "LinePlot", detail: "size \(width)×\(height) is below 200×150")
        }
        guard !series.isEmpty || !bands.isEmpty else { throw NumericsError.empty(operation: "LinePlot '\(title)'") }
        var xs: [Double] = xAxis.include, ys: [Double] = yAxis.include
        for s in series {
            guard !s.x.isEmpty else { throw NumericsError.empty(operation: "LinePlot series '\(s.name)'") }
            guard s.x.count == s.y.count else {
                throw NumericsError.dimensionMismatch(operation: "LinePlot series '\(s.name)'", expected: "\(s.x.count) y values", got: "\(s.y.count)")
            }
            xs += s.x; ys += s.y
        }
        for b in bands {
            guard !b.x.isEmpty else { throw NumericsError.empty(operation: "LinePlot band '\(b.name)'") }
            guard b.lower.count == b.x.count, b.upper.count == b.x.count else {
                throw NumericsError.dimensionMismatch(operation: "LinePlot band '\(b.name)'", expected: "\(b.x.count) lower and upper values",
                                                      got: "\(b.lower.count) and \(b.upper.count)")
            }
            xs += b.x; ys += b.lower + b.upper
        }
        let xMap = try AxisMap(values: xs, axis: xAxis, pixels: (Layout.left, Double(width) - Layout.legendWidth - Layout.right))
        let yMap = try AxisMap(values: ys, axis: yAxis, pixels: (Double(height) - Layout.bottom, Layout.top))
        return render(xMap, yMap)
    }

    enum Layout {
        static let left = 86.0, right = 16.0, top = 44.0, bottom = 62.0, legendWidth = 236.0
    }

    func render(_ xm: AxisMap, _ ym: AxisMap) -> String {
        var out: [String] = []
        let h = Double(height)
        let (x0, x1) = (xm.pixelLow, xm.pixelHigh), (y0, y1) = (ym.pixelLow, ym.pixelHigh) // y0 is the bottom
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
        out.append("<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        out.append("<text x=\"\(SVGNumber.fixed((x0 + x1) / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(SVGNumber.escape(title))</text>")
        out.append("<defs><clipPath id=\"plot-area\"><rect x=\"\(SVGNumber.fixed(x0))\" y=\"\(SVGNumber.fixed(y1))\" width=\"\(SVGNumber.fixed(x1 - x0))\" height=\"\(SVGNumber.fixed(y0 - y1))\"/></clipPath></defs>")
        // Grid and ticks.
        for t in xm.ticks {
            let px = SVGNumber.fixed(xm.pixel(transformed: t.value))
            if t.major {
                out.append("<line x1=\"\(px)\" y1=\"\(SVGNumber.fixed(y1))\" x2=\"\(px)\" y2=\"\(SVGNumber.fixed(y0))\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>")
                out.append("<text x=\"\(px)\" y=\"\(SVGNumber.fixed(y0 + 18))\" text-anchor=\"middle\">\(SVGNumber.escape(t.label))</text>")
            }
            out.append("<line x1=\"\(px)\" y1=\"\(SVGNumber.fixed(y0))\" x2=\"\(px)\" y2=\"\(SVGNumber.fixed(y0 + (t.major ? 6 : 3)))\" stroke=\"#333333\" stroke-width=\"1\"/>")
        }
        for t in ym.ticks {
            let py = SVGNumber.fixed(ym.pixel(transformed: t.value))
            if t.major {
                out.append("<line x1=\"\(SVGNumber.fixed(x0))\" y1=\"\(py)\" x2=\"\(SVGNumber.fixed(x1))\" y2=\"\(py)\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>")
                out.append("<text x=\"\(SVGNumber.fixed(x0 - 9))\" y=\"\(SVGNumber.fixed(ym.pixel(transformed: t.value) + 4))\" text-anchor=\"end\">\(SVGNumber.escape(t.label))</text>")
            }
            out.append("<line x1=\"\(SVGNumber.fixed(x0 - (t.major ? 6 : 3)))\" y1=\"\(py)\" x2=\"\(SVGNumber.fixed(x0))\" y2=\"\(py)\" stroke=\"#333333\" stroke-width=\"1\"/>")
        }
        out.append("<rect x=\"\(SVGNumber.fixed(x0))\" y=\"\(SVGNumber.fixed(y1))\" width=\"\(SVGNumber.fixed(x1 - x0))\" height=\"\(SVGNumber.fixed(y0 - y1))\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>")
        out.append("<text x=\"\(SVGNumber.fixed((x0 + x1) / 2))\" y=\"\(SVGNumber.fixed(h - 16))\" text-anchor=\"middle\" font-size=\"13\">\(SVGNumber.escape(xAxis.label))</text>")
        let yMid = SVGNumber.fixed((y0 + y1) / 2)
        out.append("<text x=\"18\" y=\"\(yMid)\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 \(yMid))\">\(SVGNumber.escape(yAxis.label))</text>")

        // Colours: explicit indices first, then the next unused palette entry in declaration order.
        var used = Set((bands.compactMap(\.color) + series.compactMap(\.color)).map { $0 % Self.palette.count })
        func nextColor(_ explicit: Int?) -> String {
            if let c = explicit { return Self.palette[((c % Self.palette.count) + Self.palette.count) % Self.palette.count] }
            let free = (0..<Self.palette.count).first { !used.contains($0) } ?? (used.count % Self.palette.count)
            used.insert(free)
            return Self.palette[free]
        }
        var legend: [(name: String, color: String, kind: String)] = []
        out.append("<g clip-path=\"url(#plot-area)\">")
        for b in bands {
            let color = nextColor(b.color)
            let upper = zip(b.x, b.upper).map { "\(SVGNumber.fixed(xm.pixel($0))),\(SVGNumber.fixed(ym.pixel($1)))" }
            let lower = zip(b.x, b.lower).reversed().map { "\(SVGNumber.fixed(xm.pixel($0))),\(SVGNumber.fixed(ym.pixel($1)))" }
            out.append("<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>")
            legend.append((b.name, color, "band"))
        }
        for s in series {
            let color = nextColor(s.color)
            let pts = zip(s.x, s.y).map { (xm.pixel($0), ym.pixel($1)) }
            if s.style != .markers {
                let dash = s.style == .reference ? " stroke-dasharray=\"7 4\"" : ""
                let path = pts.map { "\(SVGNumber.fixed($0.0)),\(SVGNumber.fixed($0.1))" }.joined(separator: " ")
                out.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>")
            }
            if s.style == .markers || s.style == .lineAndMarkers {
                for p in pts {
                    out.append("<circle cx=\"\(SVGNumber.fixed(p.0))\" cy=\"\(SVGNumber.fixed(p.1))\" r=\"3.5\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>")
                }
            }
            // An unnamed series (e.g. the 2nd…kth of a family of sample paths) has no legend entry of its own.
            if !s.name.isEmpty { legend.append((s.name, color, s.style.rawValue)) }
        }
        out.append("</g>")

        // Legend to the right of the plot area, one entry per band and series, names wrapped.
        var ly = y1 + 6
        let lx = x1 + 16
        for entry in legend {
            let lines = SVGNumber.wrap(entry.name, width: 30)
            let mid = SVGNumber.fixed(ly + 6)
            switch entry.kind {
            case "band":
                out.append("<rect x=\"\(SVGNumber.fixed(lx))\" y=\"\(SVGNumber.fixed(ly))\" width=\"26\" height=\"12\" fill=\"\(entry.color)\" fill-opacity=\"0.18\"/>")
            case "markers":
                out.append("<circle cx=\"\(SVGNumber.fixed(lx + 13))\" cy=\"\(mid)\" r=\"3.5\" fill=\"\(entry.color)\"/>")
            default:
                let dash = entry.kind == "reference" ? " stroke-dasharray=\"7 4\"" : ""
                out.append("<line x1=\"\(SVGNumber.fixed(lx))\" y1=\"\(mid)\" x2=\"\(SVGNumber.fixed(lx + 26))\" y2=\"\(mid)\" stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash)/>")
                if entry.kind == "lineAndMarkers" {
                    out.append("<circle cx=\"\(SVGNumber.fixed(lx + 13))\" cy=\"\(mid)\" r=\"3.5\" fill=\"\(entry.color)\"/>")
                }
            }
            for (k, line) in lines.enumerated() {
                out.append("<text x=\"\(SVGNumber.fixed(lx + 34))\" y=\"\(SVGNumber.fixed(ly + 10 + 15 * Double(k)))\">\(SVGNumber.escape(line))</text>")
            }
            ly += 15 * Double(lines.count) + 9
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}

/// One axis: data range, ticks, and the map from data to pixels (log axes map log10 of the value).
struct AxisMap {
    /// `value` is in transformed units (log10 of the data value on a log axis).
    struct Tick { let value: Double; let label: String; let major: Bool }
    let scale: AxisScale
    let low: Double, high: Double          // in transformed units (log10 for log axes)
    let pixelLow: Double, pixelHigh: Double
    let ticks: [Tick]

    init(values: [Double], axis: PlotAxis, pixels: (Double, Double)) throws {
        scale = axis.scale
        pixelLow = pixels.0; pixelHigh = pixels.1
        for v in values where !v.isFinite {
            throw NumericsError.nonFinite(operation: "LinePlot axis '\(axis.label)'", detail: "value \(v)")
        }
        if axis.scale == .log10, let bad = values.first(where: { $0 <= 0 }) {
            throw NumericsError.invalidArgument(operation: "LinePlot axis '\(axis.label)'", detail: "value \(bad) ≤ 0 on a logarithmic axis")
        }
        let t = values.map { axis.scale == .log10 ? Foundation_log10($0) : $0 }
        var lo = t.min() ?? 0, hi = t.max() ?? 1
        if axis.scale == .log10 {
            if hi - lo < 1 { let c = (hi + lo) / 2; lo = c - 0.5; hi = c + 0.5 }
            lo = lo.rounded(.down); hi = hi.rounded(.up)
            let decades = Int(hi - lo)
            let every = max(1, (decades + 7) / 8)
            var ticks: [Tick] = []
            for k in Int(lo)...Int(hi) {
                ticks.append(Tick(value: Double(k), label: SVGNumber.powerOfTen(k), major: (k - Int(lo)) % every == 0))
                if decades <= 5 && k < Int(hi) {
                    for m in 2...9 { ticks.append(Tick(value: Double(k) + Foundation_log10(Double(m)), label: "", major: false)) }
                }
            }
            self.ticks = ticks
        } else {
            if hi - lo <= 0 {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad; hi += pad
            }
            guard (hi - lo).isFinite, (hi - lo) / 5 >= Double.leastNormalMagnitude else {
                throw NumericsError.invalidArgument(operation: "LinePlot axis '\(axis.label)'",
                                                    detail: "data range [\(lo), \(hi)] is too wide or too narrow for a linear axis")
            }
            let step = SVGNumber.niceStep((hi - lo) / 5)
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
            // A span that overflows, or a step that underflows, cannot be drawn faithfully.
            guard step > 0, step.isFinite, lo.isFinite, hi.isFinite, (hi - lo).isFinite, hi > lo, (hi - lo) / step <= 1000 else {
                throw NumericsError.invalidArgument(operation: "LinePlot axis '\(axis.label)'",
                                                    detail: "data range [\(t.min() ?? 0), \(t.max() ?? 0)] is too wide or too narrow for a linear axis")
            }
            let count = Int(((hi - lo) / step).rounded())
            self.ticks = (0...count).map { i in
                let v = lo + Double(i) * step
                return Tick(value: v, label: SVGNumber.tickLabel(v, step: step), major: true)
            }
        }
        low = lo; high = hi
    }

    /// Pixel coordinate of a data value.
    func pixel(_ v: Double) -> Double { pixel(transformed: scale == .log10 ? Foundation_log10(v) : v) }

    /// Pixel coordinate of a value already in axis units (log10 of the data on a log axis).
    func pixel(transformed t: Double) -> Double { pixelLow + (t - low) / (high - low) * (pixelHigh - pixelLow) }
}

/// Deterministic text for SVG: fixed-point coordinates, tick labels, escaping and wrapping.
enum SVGNumber {
    /// x rounded to two decimals, printed without locale or exponent (|x| < 10¹⁵ assumed: pixel space).
    static func fixed(_ x: Double) -> String {
        // Callers pass pixel coordinates of validated, finite data; the clamp only keeps a
        // pathological value from trapping in the Int conversion.
        let x = x.isFinite ? Swift.min(Swift.max(x, -1e9), 1e9) : 0
        let hundredths = Int((x * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let m = abs(hundredths)
        let frac = m % 100
        return "\(sign)\(m / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// The smallest of 1, 2, 5 times a power of ten that is ≥ raw (raw > 0).
    static func niceStep(_ raw: Double) -> Double {
        let p = Foundation_pow10(Foundation_log10(raw).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * p >= raw * (1 - 1e-12) { return m * p }
        return 10 * p
    }

    /// A tick label with as many decimals as the step needs (scientific for very large or small steps).
    static func tickLabel(_ v: Double, step: Double) -> String {
        let e = Int(Foundation_log10(step).rounded(.down))
        if abs(v) < step / 2 { return "0" }
        if e >= 5 || e <= -5 || abs(v) >= 1e15 {
            let k = Int(Foundation_log10(abs(v)).rounded(.down))
            let mantissa = v / Foundation_pow10(Double(k))
            return decimal(mantissa, places: 1) + "×" + powerOfTen(k)
        }
        return decimal(v, places: max(0, -e))
    }

    static func decimal(_ v: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        // Beyond 10¹⁵ an integer conversion would lose digits (and beyond 9.2·10¹⁸ trap): use
        // Swift's shortest round-trip form instead.
        guard abs(v) * scale < 1e15 else { return "\(v)" }
        let n = Int((abs(v) * scale).rounded())
        let sign = v < 0 && n != 0 ? "−" : ""
        let unit = Int(scale)
        guard places > 0 else { return "\(sign)\(n)" }
        let frac = String(n % unit)
        return "\(sign)\(n / unit)." + String(repeating: "0", count: places - frac.count) + frac
    }

    static func powerOfTen(_ k: Int) -> String {
        let sup: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return "10" + String(String(k).map { sup[$0] ?? $0 })
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Greedy word wrap at `width` characters (a longer word stays on its own line).
    static func wrap(_ s: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in s.split(separator: " ") {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current); current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}

@inline(__always) func Foundation_log10(_ x: Double) -> Double { Foundation.log10(x) }
@inline(__always) func Foundation_pow10(_ x: Double) -> Double { Foundation.pow(10, x) }
