package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's secrets: owner-only files and directories, no password on a command line. */
class LocalSecretsTest {

    @TempDir
    Path temp;

    @Test
    void everySecretAndItsDirectoriesAreOwnerOnly() throws IOException {
        Path data = temp.resolve("stack");
        LocalSecrets secrets = new LocalSecrets(data);
        List<String> created = secrets.ensure(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        assertFalse(created.isEmpty());
        assertEquals("rwx------", permissions(data));
        assertEquals("rwx------", permissions(data.resolve("keys")));
        assertEquals("rwx------", permissions(data.resolve("tls")));
        try (Stream<Path> files = Stream.concat(Files.list(data.resolve("keys")), Files.list(data.resolve("tls")))) {
            List<Path> all = files.toList();
            assertTrue(all.size() >= 6, all.toString());
            for (Path file : all) {
                if (file.toString().endsWith(".crt")) {
                    continue; // the certificate is public (clients trust it); its directory is owner-only anyway
                }
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
    }

    @Test
    void theKeystorePasswordNeverAppearsOnACommandLine() throws IOException {
        Path data = temp.resolve("stack");
        LocalSecrets secrets = new LocalSecrets(data);
        secrets.ensure(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        String password = secrets.keyStorePassword();
        assertFalse(password.isBlank());
        for (List<String> command : LocalSecrets.certificateCommands("keytool", data.resolve("k.p12"), data.resolve("c"))) {
            assertFalse(command.contains(password), command.toString());
            assertTrue(command.contains("-storepass:env"), command.toString());
        }
    }

    @Test
    void anExistingKeyDirectoryIsMadeOwnerOnly() throws IOException {
        Path data = temp.resolve("existing");
        Files.createDirectories(data.resolve("keys"));
        Files.setPosixFilePermissions(data.resolve("keys"), PosixFilePermissions.fromString("rwxr-xr-x"));
        new LocalSecrets(data).ensure(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        assertEquals("rwx------", permissions(data.resolve("keys")));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
