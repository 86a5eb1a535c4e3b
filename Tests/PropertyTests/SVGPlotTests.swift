import Numerics
import TestSupport
import Testing

@Suite("SVG plots")
struct SVGPlotTests {
    func plot(_ series: [PlotSeries], bands: [PlotBand] = [], x: AxisScale = .linear, y: AxisScale = .linear) -> LinePlot {
        LinePlot(title: "t", xAxis: PlotAxis("x (units)", scale: x), yAxis: PlotAxis("y (units)", scale: y), series: series, bands: bands)
    }

    @Test("Data map to pixels exactly: the corners of a 0…10 square land on the plot area's corners")
    func pixelMapping() throws {
        let svg = try plot([PlotSeries("s", x: [0, 10], y: [0, 10], style: .line)]).svg()
        // Plot area: x from 86 to 800 − 236 − 16 = 548, y from 440 − 62 = 378 (bottom) to 44 (top).
        #expect(svg.contains("<polyline points=\"86.00,378.00 548.00,44.00\""))
    }

    @Test("Log axes: decades are labelled 10ᵏ and a value maps by its logarithm")
    func logAxes() throws {
        let svg = try plot([PlotSeries("s", x: [1, 10, 100], y: [1, 10, 100], style: .markers)], x: .log10, y: .log10).svg()
        #expect(svg.contains(">10⁰<") && svg.contains(">10¹<") && svg.contains(">10²<"))
        // x = 10 is the middle of [10⁰, 10²]: (86 + 548) / 2 = 317.
        #expect(svg.contains("cx=\"317.00\" cy=\"211.00\""))
    }

    @Test("Styles: reference curves are dashed, bands are translucent polygons, markers are circles; the legend names each")
    func styles() throws {
        let svg = try plot([PlotSeries("bound <A & B>", x: [0, 1], y: [0, 1], style: .reference),
                            PlotSeries("data", x: [0, 1], y: [0.2, 0.8], style: .markers)],
                           bands: [PlotBand("band", x: [0, 1], lower: [0, 0.5], upper: [0.4, 1])]).svg()
        #expect(svg.contains("stroke-dasharray=\"7 4\""))
        #expect(svg.contains("<polygon") && svg.contains("fill-opacity=\"0.18\""))
        #expect(svg.contains("<circle"))
        #expect(svg.contains("bound &lt;A &amp; B&gt;")) // escaped, never raw markup
    }

    @Test("The same plot gives the same bytes; a different plot does not")
    func deterministic() throws {
        let a = plot([PlotSeries("s", x: [1, 2, 3], y: [0.1, -0.25, 1e-3])])
        #expect(try a.svg() == a.svg())
        var b = a
        b.series[0].y[1] = -0.26
        #expect(try a.svg() != b.svg())
    }

    @Test("Bad input throws a typed error: unequal lengths, NaN, ≤ 0 on a log axis, nothing to draw, too small")
    func badInput() {
        #expect(thrownKind { try plot([PlotSeries("s", x: [1, 2], y: [1])]).svg() } == "dimensionMismatch")
        #expect(thrownKind { try plot([PlotSeries("s", x: [1, 2], y: [1, .nan])]).svg() } == "nonFinite")
        #expect(thrownKind { try plot([PlotSeries("s", x: [0, 2], y: [1, 2])], x: .log10).svg() } == "invalidArgument")
        #expect(thrownKind { try plot([PlotSeries("s", x: [1, 2], y: [1, 2])], bands: [PlotBand("b", x: [1, 2], lower: [1], upper: [2, 3])]).svg() } == "dimensionMismatch")
        #expect(thrownKind { try plot([]).svg() } == "empty")
        #expect(thrownKind { try plot([PlotSeries("s", x: [], y: [])]).svg() } == "empty")
        var tiny = plot([PlotSeries("s", x: [1], y: [1])])
        tiny.width = 10
        #expect(thrownKind { try tiny.svg() } == "invalidArgument")
        // A single point (zero range) still draws: the axis is widened around it.
        #expect((try? plot([PlotSeries("s", x: [3], y: [3])]).svg()) != nil)
    }
}
