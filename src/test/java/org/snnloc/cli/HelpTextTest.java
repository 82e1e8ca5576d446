package org.snnloc.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every command's help reads as sentences at any terminal width: none ends mid-sentence, and no file name is broken across lines. */
class HelpTextTest {
    /** A word with a dot inside, such as index.html or model.npz, which a line must not end in the middle of. */
    private static final int WIDTH = 80;
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_<>-]+\\.[A-Za-z0-9_]+");

    @Test
    void descriptionsEndAsSentencesAndDottedNamesStayWhole() {
        List<String> problems = new ArrayList<>();
        CommandLine cli = Main.commandLine();
        for (var entry : cli.getSubcommands().entrySet()) {
            CommandLine command = entry.getValue();
            List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
            for (String paragraph : command.getCommandSpec().usageMessage().description()) {
                String end = paragraph.strip();
                if (end.endsWith(",") || end.endsWith(":") || end.endsWith(";")) problems.add(entry.getKey() + ": description ends '" + tail(end) + "'");
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String line : option.description()) {
                    texts.add(line);
                    String end = line.strip();
                    if (end.endsWith(",") || end.endsWith(":") || end.endsWith(";")) {
                        problems.add(entry.getKey() + " " + option.longestName() + ": ends '" + tail(end) + "'");
                    }
                }
            }
            // picocli wraps where java.text.BreakIterator allows, which includes after a dot inside a word (it
            // guards only '-'), so the texts are worded to keep names whole at the usual 80 columns
            command.setUsageHelpWidth(WIDTH);
            String[] lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n");
            for (String text : texts) {
                Matcher m = DOTTED.matcher(text);
                while (m.find()) {
                    String head = m.group().substring(0, m.group().indexOf('.') + 1);
                    for (int i = 0; i + 1 < lines.length; i++) {
                        String firstWordNext = lines[i + 1].strip().split("[ ,;)]")[0];
                        if (lines[i].stripTrailing().endsWith(head) && m.group().equals(head + firstWordNext)) {
                            problems.add(entry.getKey() + " at width " + WIDTH + ": '" + m.group() + "' broken across lines");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static String tail(String text) {
        return text.length() > 40 ? "..." + text.substring(text.length() - 40) : text;
    }
}
