/** Alert configurations: `/groups/{groupId}/alertConfigs`. */
import type { AlertConfigWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

/** The alert-configuration calls of {@link AtlasApi}. */
export class AlertEndpoints implements Pick<AtlasApi, 'listAlertConfigs' | 'createAlertConfig' | 'replaceAlertConfig'> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET /groups/{groupId}/alertConfigs`, every page. */
  public listAlertConfigs(groupId: string): Promise<AlertConfigWire[]> {
    return this.atlas.listAll<AlertConfigWire>(
      atlasPath`/groups/${groupId}/alertConfigs`,
      ATLAS_API_VERSIONS.alertConfigs,
    );
  }

  /** `POST /groups/{groupId}/alertConfigs` (200). Repeated only when it cannot have arrived. */
  public createAlertConfig(groupId: string, body: AlertConfigWire): Promise<AlertConfigWire> {
    return this.atlas.callJson<AlertConfigWire>({
      method: 'POST',
      path: atlasPath`/groups/${groupId}/alertConfigs`,
      version: ATLAS_API_VERSIONS.alertConfigs,
      body,
    });
  }

  /** `PUT /groups/{groupId}/alertConfigs/{id}` (replace). */
  public replaceAlertConfig(groupId: string, id: string, body: AlertConfigWire): Promise<AlertConfigWire> {
    return this.atlas.callJson<AlertConfigWire>({
      method: 'PUT',
      path: atlasPath`/groups/${groupId}/alertConfigs/${id}`,
      version: ATLAS_API_VERSIONS.alertConfigs,
      body,
    });
  }
}
