/**
 * Example stack: an Atlas project encrypted with a Google Cloud KMS key reached through Atlas's own service account
 * (no service-account key anywhere), and one encrypted cluster on Google Cloud.
 * Kept separate from main.ts so tests can build it without writing cdktf.out.
 */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
  GoogleCloudKeyRing,
  GoogleCloudKmsConfiguration,
  GoogleCloudKmsEncryptionKey,
} from 'atlas-encryption-at-rest/cdktf';

/** Settings of the example stack. */
export interface GoogleCloudKmsExampleProps {
  /**
   * Key ring name. Google Cloud keeps key rings, so the name stays taken in that project and location.
   * @default 'atlas-ear-example'
   */
  readonly keyRingName?: string;
  /**
   * Cloud KMS location of the key ring.
   * @default 'us-central1'
   */
  readonly location?: string;
}

/** The example: Google Cloud key, Atlas's service account and its grants, project encryption, one cluster. */
export class GoogleCloudKmsExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GoogleCloudKmsExampleProps = {}) {
    super(scope, id);

    // Atlas credentials: sensitive variables only (set TF_VAR_atlas_public_key / TF_VAR_atlas_private_key).
    const atlasPublicKey = new TerraformVariable(this, 'atlas_public_key', {
      type: 'string',
      sensitive: true,
      description: 'Atlas programmatic API public key (Project Owner on the project)',
    });
    const atlasPrivateKey = new TerraformVariable(this, 'atlas_private_key', {
      type: 'string',
      sensitive: true,
      description: 'Atlas programmatic API private key',
    });
    const projectId = new TerraformVariable(this, 'atlas_project_id', {
      type: 'string',
      description: 'Atlas project (group) id, 24 hexadecimal digits',
    });
    const gcpProject = new TerraformVariable(this, 'gcp_project_id', {
      type: 'string',
      description: 'Google Cloud project of the key ring',
    });

    new MongodbatlasProvider(this, 'mongodbatlas', {
      publicKey: atlasPublicKey.stringValue,
      privateKey: atlasPrivateKey.stringValue,
    });
    // Credentials come from `gcloud auth application-default login` or GOOGLE_APPLICATION_CREDENTIALS.
    new GoogleProvider(this, 'google', { project: gcpProject.stringValue });
    new TimeProvider(this, 'time', {});

    const key = new GoogleCloudKmsEncryptionKey(this, 'AtlasKey', {
      projectId: projectId.stringValue,
      keyRing: GoogleCloudKeyRing.create({
        name: props.keyRingName ?? 'atlas-ear-example',
        location: props.location ?? 'us-central1',
      }),
    });

    const encryption = new AtlasProjectEncryption(this, 'Encryption', {
      projectId: projectId.stringValue,
      googleCloudKms: GoogleCloudKmsConfiguration.fromEncryptionKey(key),
      allowGcpClusters: true,
      rotationAlert: { thresholdDays: 365 },
    });

    new EncryptedCluster(this, 'Orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.GCP,
      regions: [{ cloud: CloudProvider.GCP, regionName: 'CENTRAL_US', instanceSize: 'M10' }],
      backupEnabled: true,
      pitEnabled: true,
    });

    new TerraformOutput(this, 'key_version_resource_id', { value: key.keyVersionResourceId });
    new TerraformOutput(this, 'atlas_service_account', { value: key.serviceAccountForAtlas });
  }
}
