package dev.backprop.apps.digits;

import dev.backprop.io.AtomicFiles;
import dev.backprop.metrics.ConfusionMatrix;
import dev.backprop.train.History;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures of a run, drawn with XChart and written atomically: a confusion-matrix heat map and training curves. */
public final class Charts {
    private Charts() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A labelled heat map, true classes down, predicted across, each cell showing its count. */
    public static void confusionMatrix(ConfusionMatrix cm, List<String> names, String title, Path file)
            throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(200 + 70 * cm.classes())
                .height(150 + 50 * cm.classes())
                .title(title)
                .xAxisTitle("predicted")
                .yAxisTitle("true")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        chart.getStyler().setValueFontColor(new Color(0xd94801));
        long[][] counts = cm.counts();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < cm.classes(); t++) {
            for (int p = 0; p < cm.classes(); p++) {
                cells.add(new Number[] {p, cm.classes() - 1 - t, counts[t][p]}); // first class at the top
            }
        }
        List<String> reversed = new ArrayList<>(names.subList(0, cm.classes()));
        java.util.Collections.reverse(reversed);
        chart.addSeries("count", names.subList(0, cm.classes()), reversed, cells);
        write(List.of(chart), 1, 1, file);
    }

    /** Loss and accuracy per epoch, training and validation, side by side. */
    public static void trainingCurves(History history, Path file) throws IOException {
        int epochs = history.epochs().size();
        List<Integer> x = IntStream.rangeClosed(1, epochs).boxed().toList();
        XYChart loss = curve("loss", history, x, "loss", "val_loss");
        XYChart accuracy = curve("accuracy", history, x, "accuracy", "val_accuracy");
        write(List.of(loss, accuracy), 1, 2, file);
    }

    private static XYChart curve(String title, History history, List<Integer> x, String train, String validation) {
        XYChart chart = new XYChartBuilder()
                .width(520)
                .height(380)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(title)
                .build();
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        for (String key : List.of(train, validation)) {
            double[] values = history.metric(key);
            if (values.length > 0 && !Double.isNaN(values[0])) {
                chart.addSeries(key.startsWith("val_") ? "validation" : "training", x, boxed(values))
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static void write(List<? extends Chart<?, ?>> charts, int rows, int cols, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(new ArrayList<>(charts), rows, cols, bytes, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
