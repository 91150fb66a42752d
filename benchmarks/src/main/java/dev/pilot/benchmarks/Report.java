package dev.pilot.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import tools.jackson.databind.json.JsonMapper;

/** Collects figures and writes results.json, results.md and latency-histogram.png. */
final class Report {

  /** One measured figure, with the target it is held against. */
  record Figure(String name, double value, String unit, String target) {}

  private final List<Figure> figures = new ArrayList<>();
  private final List<Latencies> latencies = new ArrayList<>();
  private final Map<String, String> targets = new LinkedHashMap<>();
  private final List<PhaseCost> costs = new ArrayList<>();
  private final List<String> whereTimeGoes = new ArrayList<>();
  private Summary summary = new Summary();
  private String summaryText = "";

  void cost(PhaseCost cost) {
    costs.add(cost);
  }

  /** Lines of the "where time goes" section (printed after the summary and kept in results.md). */
  void explain(String line) {
    whereTimeGoes.add(line);
  }

  List<String> whereTimeGoes() {
    return List.copyOf(whereTimeGoes);
  }

  void summary(Summary summary, String rendered) {
    this.summary = summary;
    this.summaryText = rendered;
  }

  void figure(String name, double value, String unit, String target) {
    figures.add(new Figure(name, value, unit, target));
  }

  void latencies(String name, Latencies measured, String target) {
    latencies.add(measured);
    targets.put(measured.name(), target);
    figure(name + ".p50", measured.p50(), "ms", "");
    figure(name + ".p95", measured.p95(), "ms", "");
    figure(name + ".p99", measured.p99(), "ms", target);
  }

  void write(Path directory, Map<String, Object> environment) {
    try {
      Files.createDirectories(directory);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("measured_at", Instant.now().toString());
      json.put("environment", environment);
      json.put("summary", summary.rows().stream().map(Summary.Row::json).toList());
      json.put("costs", costs);
      json.put("figures", figures);
      json.put(
          "latencies",
          latencies.stream()
              .map(
                  l ->
                      Map.of(
                          "name", l.name(), "count", l.count(), "p50_ms", l.p50(), "p95_ms",
                          l.p95(), "p99_ms", l.p99(), "max_ms", l.max()))
              .toList());
      Files.writeString(
          directory.resolve("results.json"),
          JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json));
      Files.writeString(directory.resolve("results.md"), markdown(environment));
      ImageIO.write(histogram(), "png", directory.resolve("latency-histogram.png").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String markdown(Map<String, Object> environment) {
    StringBuilder md = new StringBuilder("```\n").append(summaryText).append("```\n\n");
    md.append("Where time goes:\n\n```\n");
    whereTimeGoes.forEach(line -> md.append(line).append('\n'));
    md.append("```\n\nAll figures:\n\n");
    md.append("| figure | value | unit | target |\n|---|---:|---|---|\n");
    for (Figure f : figures) {
      md.append("| ")
          .append(f.name())
          .append(" | ")
          .append(Double.isNaN(f.value()) ? "n/a" : String.format("%.1f", f.value()))
          .append(" | ")
          .append(f.unit())
          .append(" | ")
          .append(f.target())
          .append(" |\n");
    }
    md.append("\nEnvironment: ").append(environment).append('\n');
    return md.toString();
  }

  /** One histogram per latency series, log-scaled buckets from 1 ms to 10 s. */
  private BufferedImage histogram() {
    int width = 1000;
    int rowHeight = 220;
    int height = Math.max(1, latencies.size()) * rowHeight + 20;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    double[] edges = new double[25];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = Math.pow(10, i / 6.0); // 1 ms .. 10 s, 6 buckets per decade
    }
    int y0 = 10;
    for (Latencies series : latencies) {
      int[] counts = new int[edges.length];
      for (long sample : series.samples()) {
        int bucket = 0;
        while (bucket < edges.length - 1 && sample > edges[bucket]) {
          bucket++;
        }
        counts[bucket]++;
      }
      int max = 1;
      for (int c : counts) {
        max = Math.max(max, c);
      }
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(series.toString(), 20, y0 + 16);
      int chartTop = y0 + 30;
      int chartHeight = rowHeight - 70;
      int barWidth = (width - 80) / edges.length;
      for (int i = 0; i < counts.length; i++) {
        int barHeight = (int) Math.round((double) counts[i] / max * chartHeight);
        g.setColor(new Color(99, 102, 241));
        g.fillRect(40 + i * barWidth, chartTop + chartHeight - barHeight, barWidth - 4, barHeight);
        g.setColor(Color.GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        if (i % 3 == 0) {
          g.drawString(label(edges[i]), 40 + i * barWidth, chartTop + chartHeight + 14);
        }
      }
      g.setStroke(new BasicStroke(1));
      g.drawLine(40, chartTop + chartHeight, width - 40, chartTop + chartHeight);
      y0 += rowHeight;
    }
    g.dispose();
    return image;
  }

  private static String label(double millis) {
    return millis >= 1000 ? String.format("%.1fs", millis / 1000) : String.format("%.0fms", millis);
  }
}
