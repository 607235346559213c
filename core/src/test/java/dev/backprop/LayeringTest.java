package dev.backprop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each core package imports only the packages listed above it (STYLE.md), and core needs nothing but the JDK. */
class LayeringTest {
    static final List<String> LAYERS =
            List.of("array", "autograd", "tensor", "nn", "loss", "optim", "data", "metrics", "io", "train");

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.backprop");

    @Test
    void packagesImportOnlyThoseAboveThem() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] below = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(p -> "dev.backprop." + p + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("dev.backprop." + LAYERS.get(i) + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(below)
                    .allowEmptyShould(true)
                    .because("STYLE.md layers core as " + Arrays.toString(LAYERS.toArray()))
                    .check(CORE);
        }
    }

    @Test
    void coreNeedsOnlyTheJdk() {
        classes()
                .that()
                .resideInAPackage("dev.backprop..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.backprop..", "java..", "jdk.incubator.vector..", "")
                .check(CORE);
    }
}
