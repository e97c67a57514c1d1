package dev.scorch.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars (me.tongfei:progressbar) with it/s and ETA, sized to fit a terminal. They draw on standard output:
 * the launcher filters the JVM's incubator-module notice out of standard error line by line, which would hold back a
 * bar that redraws with carriage returns.
 */
final class Bars {
    private Bars() {
    }

    static ProgressBar create(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).showSpeed().setMaxRenderedLength(110)
                .setConsumer(new ConsoleProgressBarConsumer(System.out, 110)).build();
    }
}
