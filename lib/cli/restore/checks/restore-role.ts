/**
 * DEP-RST-8: the restore itself needs Project Owner (or Project Backup Recovery Operator) on the target project.
 * The CLI runs with whatever role its credentials have and cannot see the role of whoever will restore, so it notes.
 */
import { line, type RestoreCheck } from '../check';

/** Always one note, never a blocker. */
export const noteRestoreRole: RestoreCheck = ({ facts, crossProject }) => [
  line(
    'DEP-RST-8',
    'info',
    `the restore itself needs Project Owner (or Project Backup Recovery Operator) on ${crossProject ? `target project ${facts.targetProjectId}` : 'the project'}`,
  ),
];
