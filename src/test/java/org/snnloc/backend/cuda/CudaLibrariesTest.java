package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Library discovery on a fake file system: no CUDA needed. */
class CudaLibrariesTest {
    @TempDir
    Path root;

    private Path touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.createFile(file);
        return file;
    }

    @Test
    void nothingFoundNamesEveryPlaceLookedAt() throws IOException {
        Path override = Files.createDirectories(root.resolve("override"));
        Path home = Files.createDirectories(root.resolve("home"));
        Map<String, String> env = Map.of("SNNLOC_CUDA_LIB_DIR", override.toString(), "CUDA_HOME", root.resolve("cuda-home").toString(),
                "LD_LIBRARY_PATH", root.resolve("ld1") + ":" + root.resolve("ld2"));
        CudaLibraries.SearchPath search = CudaLibraries.searchPath(env, home, root);
        CudaLibraries.LibraryNotFoundException e = assertThrows(CudaLibraries.LibraryNotFoundException.class,
                () -> CudaLibraries.selectRuntime(search));
        String message = e.getMessage();
        for (Path tried : new Path[] {override, root.resolve("cuda-home/lib64"), root.resolve("ld1"), root.resolve("ld2"),
                root.resolve("usr/local/cuda/lib64"), home.resolve(".local/lib")}) {
            assertTrue(message.contains(tried.toString()), "message should name " + tried + ": " + message);
        }
        assertTrue(message.contains("libcudart.so.13") && message.contains("SNNLOC_CUDA_LIB_DIR"), message);
        assertTrue(message.contains("(missing)"), "missing folders are marked: " + message);
    }

    @Test
    void overrideComesFirstAndNewestMajorWinsWithinAFolder() throws IOException {
        touch("override/libcudart.so.12");
        touch("override/libcudart.so.13");
        touch("usr/local/cuda/lib64/libcudart.so.13");
        Map<String, String> env = Map.of("SNNLOC_CUDA_LIB_DIR", root.resolve("override").toString());
        CudaLibraries.SearchPath search = CudaLibraries.searchPath(env, root.resolve("home"), root);
        CudaLibraries.LibraryFile runtime = CudaLibraries.selectRuntime(search);
        assertEquals(root.resolve("override/libcudart.so.13"), runtime.path());
        assertEquals(13, runtime.majorVersion());
    }

    @Test
    void cublasOfTheRuntimesVersionIsPreferredAndItsOwnFolderFirst() throws IOException {
        touch("usr/local/cuda/lib64/libcudart.so.12");
        touch("usr/lib64/libcublas.so.13");
        touch("usr/lib/libcublas.so.12");
        CudaLibraries.SearchPath search = CudaLibraries.searchPath(Map.of(), root.resolve("home"), root);
        CudaLibraries.LibraryFile runtime = CudaLibraries.selectRuntime(search);
        assertEquals(root.resolve("usr/lib/libcublas.so.12"), CudaLibraries.selectCublas(search, runtime).path());
        touch("usr/local/cuda/lib64/libcublas.so.12");
        assertEquals(root.resolve("usr/local/cuda/lib64/libcublas.so.12"), CudaLibraries.selectCublas(search, runtime).path());
    }

    @Test
    void pipWheelsInAVirtualEnvironmentUnderOptAreFound() throws IOException {
        // PyTorch's CUDA 13 wheels put every library in site-packages/nvidia/cu13/lib
        touch("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcudart.so.13");
        touch("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13");
        CudaLibraries.SearchPath search = CudaLibraries.searchPath(Map.of(), root.resolve("home"), root);
        CudaLibraries.LibraryFile runtime = CudaLibraries.selectRuntime(search);
        Path lib = root.resolve("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib");
        assertEquals(lib.resolve("libcudart.so.13"), runtime.path());
        assertEquals(lib.resolve("libcublas.so.13"), CudaLibraries.selectCublas(search, runtime).path());
    }

    @Test
    void cuda12WheelsInSeparateFoldersOfAUserSitePackagesAreFound() throws IOException {
        touch("home/.local/lib/python3.11/site-packages/nvidia/cuda_runtime/lib/libcudart.so.12");
        touch("home/.local/lib/python3.11/site-packages/nvidia/cublas/lib/libcublas.so.12");
        CudaLibraries.SearchPath search = CudaLibraries.searchPath(Map.of(), root.resolve("home"), root);
        CudaLibraries.LibraryFile runtime = CudaLibraries.selectRuntime(search);
        assertEquals(12, runtime.majorVersion());
        assertTrue(CudaLibraries.selectCublas(search, runtime).path().endsWith("nvidia/cublas/lib/libcublas.so.12"));
    }

    @Test
    void missingCublasIsReportedWithThePlacesLookedAt() throws IOException {
        touch("usr/local/cuda/lib64/libcudart.so.13");
        CudaLibraries.SearchPath search = CudaLibraries.searchPath(Map.of(), root.resolve("home"), root);
        CudaLibraries.LibraryFile runtime = CudaLibraries.selectRuntime(search);
        CudaLibraries.LibraryNotFoundException e = assertThrows(CudaLibraries.LibraryNotFoundException.class,
                () -> CudaLibraries.selectCublas(search, runtime));
        assertTrue(e.getMessage().contains("libcublas.so.13") && e.getMessage().contains(root.resolve("usr/local/cuda/lib64").toString()),
                e.getMessage());
    }

    @Test
    void aFileTheLinkerRefusesGivesItsMessage() throws IOException {
        Path bogus = touch("bogus/libcudart.so.13");
        CudaLibraries.LibraryLoadException e = assertThrows(CudaLibraries.LibraryLoadException.class,
                () -> CudaLibraries.load(bogus, java.util.List.of(bogus.getParent())));
        assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
    }
}
