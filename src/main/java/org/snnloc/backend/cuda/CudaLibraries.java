package org.snnloc.backend.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the CUDA runtime ({@code libcudart}) and cuBLAS ({@code libcublas}) on this machine and
 * loads them into the JVM, without JNI and without anything installed by us.
 *
 * <p>Folders are searched in this order, the first that holds a library wins:
 * <ol>
 *   <li>{@code SNNLOC_CUDA_LIB_DIR} (one folder or a {@code :}-separated list): the override;</li>
 *   <li>{@code CUDA_HOME/lib64}, {@code CUDA_PATH/lib64};</li>
 *   <li>each entry of {@code LD_LIBRARY_PATH};</li>
 *   <li>{@code /usr/local/cuda/lib64} and the distribution's library folders;</li>
 *   <li>the {@code nvidia/*}{@code /lib} folders of Python site-packages, where pip puts CUDA
 *       (PyTorch's wheels: {@code nvidia/cu13/lib} for CUDA 13, {@code nvidia/cublas/lib} and
 *       {@code nvidia/cuda_runtime/lib} for CUDA 12): those of the active virtual or conda
 *       environment, of each {@code python3} on {@code PATH}, of the user, the system and
 *       {@code /opt/*}.</li>
 * </ol>
 * CUDA 13 is preferred over 12 within a folder, and cuBLAS is taken from the runtime's folder
 * when it has one of the same major version, so that both come from one installation.
 *
 * <p>The libraries are loaded with {@link System#load}, which ties them to this class loader: the
 * generated bindings ({@code cuda_runtime_h}, {@code cublas_h}) find their symbols through
 * {@code SymbolLookup.loaderLookup()}. A library whose dependencies sit in another folder than the
 * dynamic linker searches (pip installs each package in its own folder) is retried after loading
 * the missing dependency from the searched folders by absolute path; the linker then finds it by
 * its soname.
 */
final class CudaLibraries {
    static final String OVERRIDE_VARIABLE = "SNNLOC_CUDA_LIB_DIR";
    static final List<Integer> SUPPORTED_MAJOR_VERSIONS = List.of(13, 12);

    /** "libfoo.so.12: cannot open shared object file" in a dlopen error. */
    private static final Pattern MISSING_DEPENDENCY = Pattern.compile("([^\\s:/]+\\.so[.0-9]*): cannot open shared object file");

    private CudaLibraries() {}

    /**
     * The folders to search, in order, and a description of every place looked at (including
     * those that do not exist), for messages.
     */
    record SearchPath(List<Path> folders, List<String> triedDescriptions) {
        String tried() {
            return String.join(", ", triedDescriptions);
        }
    }

    /** One library file found on disk: where, and which CUDA major version its name says. */
    record LibraryFile(Path path, int majorVersion) {
        Path folder() {
            return path.getParent();
        }

        String fileName() {
            return path.getFileName().toString();
        }
    }

    /** The search path of this machine: environment, home and the real file system. */
    static SearchPath standardSearchPath() {
        return searchPath(System.getenv(), Path.of(System.getProperty("user.home", "/root")), Path.of("/"));
    }

    /**
     * The search path for an environment; {@code root} stands for {@code /} so tests can lay out
     * a fake file system. Paths from environment variables are used as given.
     */
    static SearchPath searchPath(Map<String, String> env, Path home, Path root) {
        Set<Path> folders = new LinkedHashSet<>();
        List<String> tried = new ArrayList<>();
        for (String dir : split(env.get(OVERRIDE_VARIABLE))) addFolder(Path.of(dir), OVERRIDE_VARIABLE, folders, tried);
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) addFolder(Path.of(value, "lib64"), variable, folders, tried);
        }
        for (String dir : split(env.get("LD_LIBRARY_PATH"))) addFolder(Path.of(dir), "LD_LIBRARY_PATH", folders, tried);
        for (String system : List.of("usr/local/cuda/lib64", "usr/lib/x86_64-linux-gnu", "usr/lib64", "usr/lib")) {
            addFolder(root.resolve(system), null, folders, tried);
        }
        for (Path sitePackages : pythonSitePackages(env, home, root, tried)) {
            List<Path> nvidiaLibs = children(sitePackages.resolve("nvidia"), "").stream().map(p -> p.resolve("lib")).filter(Files::isDirectory).toList();
            if (nvidiaLibs.isEmpty()) {
                tried.add(sitePackages.resolve("nvidia") + "/*/lib (none)");
            }
            for (Path lib : nvidiaLibs) addFolder(lib, null, folders, tried);
        }
        return new SearchPath(List.copyOf(folders), List.copyOf(tried));
    }

    /** Site-packages folders of the Pythons this machine seems to have, most specific first. */
    private static List<Path> pythonSitePackages(Map<String, String> env, Path home, Path root, List<String> tried) {
        Set<Path> prefixes = new LinkedHashSet<>();
        for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) prefixes.add(Path.of(value));
        }
        for (String dir : split(env.get("PATH"))) {
            Path python = Path.of(dir, "python3");
            if (!Files.isExecutable(python)) continue;
            Path bin = Path.of(dir);
            if (bin.getParent() != null) prefixes.add(bin.getParent());
            try {
                Path real = python.toRealPath();
                if (real.getParent() != null && real.getParent().getParent() != null) prefixes.add(real.getParent().getParent());
            } catch (IOException e) {
                // a dangling link: the PATH entry itself was added above
            }
        }
        prefixes.add(home.resolve(".local"));
        prefixes.add(root.resolve("usr/local"));
        prefixes.add(root.resolve("usr"));
        prefixes.add(root.resolve("opt/conda"));
        for (Path opt : children(root.resolve("opt"), "")) {
            prefixes.add(opt);
            prefixes.add(opt.resolve(".venv"));
            prefixes.add(opt.resolve("venv"));
        }
        List<Path> found = new ArrayList<>();
        for (Path prefix : prefixes) {
            List<Path> here = new ArrayList<>();
            for (Path lib : children(prefix.resolve("lib"), "python3")) {
                for (String kind : List.of("site-packages", "dist-packages")) {
                    if (Files.isDirectory(lib.resolve(kind))) here.add(lib.resolve(kind));
                }
            }
            if (Files.isDirectory(prefix.resolve("lib/python3/dist-packages"))) here.add(prefix.resolve("lib/python3/dist-packages"));
            if (here.isEmpty()) tried.add(prefix.resolve("lib") + "/python3*/site-packages (none)");
            found.addAll(here);
        }
        return found;
    }

    private static void addFolder(Path folder, String source, Set<Path> folders, List<String> tried) {
        Path normal = folder.toAbsolutePath().normalize();
        String label = source == null ? normal.toString() : normal + " (" + source + ")";
        if (!Files.isDirectory(normal)) {
            tried.add(label + " (missing)");
            return;
        }
        if (folders.add(normal)) tried.add(label);
    }

    /** Sub-folders of {@code dir} whose names start with {@code prefix}, sorted; none when unreadable. */
    private static List<Path> children(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static List<String> split(String pathList) {
        if (pathList == null || pathList.isBlank()) return List.of();
        return Stream.of(pathList.split(":")).filter(s -> !s.isBlank()).toList();
    }

    /**
     * Chooses the CUDA runtime: the first folder's newest supported version.
     *
     * @throws LibraryNotFoundException naming every place looked at
     */
    static LibraryFile selectRuntime(SearchPath search) {
        return find(search.folders(), "libcudart", null)
                .orElseThrow(() -> new LibraryNotFoundException("no CUDA runtime library (libcudart.so.13 or libcudart.so.12) found; looked in: "
                        + search.tried() + ". Set " + OVERRIDE_VARIABLE + " to the folder that holds it"));
    }

    /**
     * Chooses cuBLAS for {@code runtime}: from the runtime's own folder when it has the same major
     * version, else the first folder with that version, else any supported version.
     *
     * @throws LibraryNotFoundException naming every place looked at
     */
    static LibraryFile selectCublas(SearchPath search, LibraryFile runtime) {
        List<Path> runtimeFirst = new ArrayList<>();
        runtimeFirst.add(runtime.folder());
        runtimeFirst.addAll(search.folders());
        return find(runtimeFirst, "libcublas", runtime.majorVersion())
                .or(() -> find(search.folders(), "libcublas", null))
                .orElseThrow(() -> new LibraryNotFoundException("no cuBLAS library (libcublas.so." + runtime.majorVersion()
                        + ") found; looked in: " + search.tried() + ". Set " + OVERRIDE_VARIABLE
                        + " to the folder that holds it (pip package nvidia-cublas)"));
    }

    /**
     * The first folder holding {@code stem.so.N} for a supported N (newest first within a folder),
     * or exactly {@code requiredMajor} when given; a bare {@code stem.so} counts when nothing else.
     */
    static Optional<LibraryFile> find(List<Path> folders, String stem, Integer requiredMajor) {
        for (Path folder : folders) {
            for (int major : SUPPORTED_MAJOR_VERSIONS) {
                if (requiredMajor != null && major != requiredMajor) continue;
                Path candidate = folder.resolve(stem + ".so." + major);
                if (Files.isRegularFile(candidate)) return Optional.of(new LibraryFile(candidate, major));
            }
        }
        if (requiredMajor != null) return Optional.empty();
        for (Path folder : folders) {
            Path unversioned = folder.resolve(stem + ".so");
            if (Files.isRegularFile(unversioned)) return Optional.of(new LibraryFile(unversioned, 0));
        }
        return Optional.empty();
    }

    /**
     * Loads {@code library} into this class loader. When the dynamic linker cannot find one of its
     * dependencies, that dependency is looked for in {@code folders}, loaded by absolute path and
     * the library tried again.
     *
     * @throws LibraryLoadException with the linker's own message when it still fails
     */
    static void load(Path library, List<Path> folders) {
        Set<String> loadedDependencies = new LinkedHashSet<>();
        while (true) {
            try {
                System.load(library.toString());
                return;
            } catch (UnsatisfiedLinkError e) {
                String message = String.valueOf(e.getMessage());
                Matcher missing = MISSING_DEPENDENCY.matcher(message);
                if (!missing.find() || !loadedDependencies.add(missing.group(1))) {
                    throw new LibraryLoadException("cannot load " + library + ": " + message, e);
                }
                String dependency = missing.group(1);
                Path found = folders.stream().map(f -> f.resolve(dependency)).filter(Files::isRegularFile).findFirst()
                        .orElseThrow(() -> new LibraryLoadException("cannot load " + library + ": its dependency " + dependency
                                + " is neither on the linker's path nor in any searched folder (" + folders + ")", e));
                load(found, folders);
            }
        }
    }

    /** A library this backend needs is not on this machine. */
    static final class LibraryNotFoundException extends RuntimeException {
        LibraryNotFoundException(String message) {
            super(message);
        }
    }

    /** A library was found but the dynamic linker refused it. */
    static final class LibraryLoadException extends RuntimeException {
        LibraryLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
