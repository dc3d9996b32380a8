import java.io.BufferedReader;
import java.io.FileReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Creates the ACLs kafka-local --security sasl-ssl reads on stdin, one per line
 * ({@code PRINCIPAL RESOURCE_TYPE NAME PATTERN_TYPE OPERATION}), in one Admin call: one JVM for the whole
 * table instead of one kafka-acls run per line. Run with the java source launcher on the broker's
 * classpath; arg 0 is the admin's client properties file. Creating an ACL that exists is a no-op, so
 * every start applies the whole table again.
 */
public class KafkaLocalAcls {
    public static void main(String[] args) throws Exception {
        Properties admin = new Properties();
        try (FileReader in = new FileReader(args[0], StandardCharsets.UTF_8)) {
            admin.load(in);
        }
        List<AclBinding> acls = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            acls.add(new AclBinding(
                    new ResourcePattern(ResourceType.valueOf(upper(f[1])), f[2], PatternType.valueOf(upper(f[3]))),
                    new AccessControlEntry(f[0], "*", AclOperation.valueOf(upper(f[4])), AclPermissionType.ALLOW)));
        }
        try (Admin client = Admin.create(admin)) {
            client.createAcls(acls).all().get();
        }
        System.out.println(acls.size());
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
