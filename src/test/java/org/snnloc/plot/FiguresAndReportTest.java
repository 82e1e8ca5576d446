package org.snnloc.plot;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.backend.Backend;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.experiment.ExperimentListener;
import org.snnloc.experiment.ExperimentRunner;
import org.snnloc.experiment.TinyExperiments;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Figures and report of a tiny experiment (baseline, a two-ratio sweep, one repeat of each constraint). */
class FiguresAndReportTest {
    @TempDir
    static Path tmp;
    static Path experiment;
    static final Backend BACKEND = new ScalarBackend();

    @BeforeAll
    static void runTinyExperiment() throws IOException {
        experiment = tmp.resolve("all");
        new ExperimentRunner(BACKEND, 2, 1, ExperimentListener.SILENT).run(TinyExperiments.all(11), experiment);
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static void assertValidFigure(FigureCatalogue.FigureFile f) throws IOException {
        byte[] png = Files.readAllBytes(f.png());
        assertTrue(png.length > 1000, f.png() + " is too small to hold a figure");
        assertTrue(Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(png, 8)), f.png() + " is not a PNG");
        BufferedImage image = ImageIO.read(f.png().toFile());
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600, f.png() + " is " + image.getWidth() + "x" + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) for (int x = 0; x < image.getWidth(); x += 7) colours.add(image.getRGB(x, y));
        assertTrue(colours.size() > 10, f.png() + " looks blank");
        String svg = Files.readString(f.svg(), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.trim().endsWith("</svg>"), f.svg() + " is not an SVG document");
        assertTrue(svg.length() > 5000 && svg.length() < 3_000_000, f.svg() + " has " + svg.length() + " characters");
        assertTrue(svg.contains("<text"), f.svg() + ": titles and labels are text, not pixels");
        if (f.png().getFileName().toString().equals("sweep_ie-ratio.png".replace('-', '_'))) {
            assertTrue(svg.contains(">ie-ratio</text>"), "the x axis is labelled with the varied key");
        }
    }

    @Test
    void aRunFolderGetsEveryAnalysisFigureAsPngAndSvg() throws IOException {
        Path run = experiment.resolve("runs/baseline");
        FigureCatalogue.Plotted plotted = FigureCatalogue.plot(run, BACKEND, FigureCatalogue.Options.defaults());
        assertEquals(List.of(), plotted.experiment());
        List<FigureCatalogue.FigureFile> figures = plotted.runs().getFirst().figures();
        assertEquals(EnumSet.complementOf(EnumSet.of(FigureCatalogue.Kind.CONSTRAINTS)).stream().map(k -> k.title).toList(),
                figures.stream().map(FigureCatalogue.FigureFile::title).toList());
        for (FigureCatalogue.FigureFile f : figures) {
            assertEquals(run.resolve("figures"), f.png().getParent());
            assertValidFigure(f);
        }
    }

    @Test
    void anExperimentFolderGetsItsExperimentFiguresAndTheChosenRunsFiguresAndAReportLinkingThemAll() throws IOException {
        FigureCatalogue.Plotted plotted = FigureCatalogue.plot(experiment, BACKEND, new FigureCatalogue.Options("constraints-w1exc-1", 30));
        assertEquals(List.of("sweep_ie_ratio.png", "constraints.png"),
                plotted.experiment().stream().map(f -> f.png().getFileName().toString()).toList());
        assertEquals(List.of("constraints-w1exc-1"), plotted.runs().stream().map(FigureCatalogue.RunFigureSet::run).toList());
        for (FigureCatalogue.FigureFile f : plotted.all()) assertValidFigure(f);

        Path index = HtmlReport.write(experiment, plotted);
        Document html = Jsoup.parse(index.toFile(), "UTF-8");
        Set<String> images = html.select("img").stream().map(e -> e.attr("src")).collect(Collectors.toSet());
        Set<String> links = html.select("a[href]").stream().map(e -> e.attr("href")).collect(Collectors.toSet());
        for (FigureCatalogue.FigureFile f : plotted.all()) {
            String png = experiment.relativize(f.png()).toString(), svg = experiment.relativize(f.svg()).toString();
            assertTrue(images.contains(png), "index.html shows " + png);
            assertTrue(links.contains(svg), "index.html links " + svg);
        }
        assertEquals(plotted.all().size(), images.size());
        for (String target : union(images, links)) {
            if (target.startsWith("#")) {
                assertFalse(html.select("[id=" + target.substring(1) + "]").isEmpty(), "anchor " + target + " exists");
                continue;
            }
            assertFalse(target.contains("://") || target.startsWith("//"), "no network resources: " + target);
            assertTrue(Files.exists(experiment.resolve(target)), target + " exists");
        }
        assertTrue(html.select("script, link, iframe").isEmpty(), "self-contained: no scripts or external style sheets");

        Element runsTable = html.getElementById("runs").nextElementSiblings().select("table").first();
        assertEquals(6 + 1, runsTable.select("tr").size(), "a row per run plus the header");
        Element summary = html.getElementById("summary").nextElementSiblings().select("table").first();
        assertTrue(summary.text().contains("W1+") && summary.text().contains("49.5 (44.5, 54.2, 49.7)"),
                "the summary shows the notebook's numbers beside ours");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
