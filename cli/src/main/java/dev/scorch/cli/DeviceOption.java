package dev.scorch.cli;

import dev.scorch.tensor.Backends;
import dev.scorch.tensor.Device;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code --device} option of the commands that train and sample score networks. {@code cpu} (the default, or
 * {@code SCORCH_DEVICE}) touches nothing of CUDA; {@code auto} takes the first CUDA device when the CUDA backend finds
 * one, and otherwise says why in one line and computes on the CPU; {@code cuda} (or {@code cuda:N}) without a device is
 * an error that says no CUDA driver or device was found.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "${env:SCORCH_DEVICE:-cpu}",
            description = "where to compute: cpu (default), cuda[:N], or auto (a CUDA GPU when there is one, "
                    + "else the CPU)")
    String device = "cpu";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** How the value reads in a message: the option, or the variable it defaulted from. */
    private String source() {
        boolean typed = command == null || command.commandLine() == null
                || command.commandLine().getParseResult() == null
                || command.commandLine().getParseResult().hasMatchedOption("--device");
        return typed ? "--device" : "SCORCH_DEVICE";
    }

    /** The device asked for; {@code auto} reports a fallback on {@code log}. */
    Device resolve(PrintStream log) {
        String d = device.strip().toLowerCase(Locale.ROOT);
        if (d.equals("cpu")) {
            return Device.CPU;
        }
        if (d.equals("auto")) {
            String why = Backends.unavailableReason(Device.cuda(0));
            if (why == null) {
                return Device.cuda(0);
            }
            log.println("note: --device auto: computing on the CPU (" + why + ")");
            return Device.CPU;
        }
        Device cuda;
        try {
            cuda = Device.parse(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source() + ": expected auto, cpu, cuda or cuda:N, got '" + device
                    + "'");
        }
        String why = Backends.unavailableReason(cuda);
        if (why != null) {
            throw new IllegalStateException("--device " + device + ": " + why);
        }
        return cuda;
    }
}
