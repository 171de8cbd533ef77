/**
 * What the exchange formats (OCSF, ASFF) need besides a finding: the product's version, the ATT&CK names
 * (playbook/attack.json) and the report's time. Pure: the caller reads the playbook and package.
 */
import type { Finding } from '../../core/finding.js';

export interface ExchangeContext {
  /** sm-ir's version (package.json). */
  version: string;
  /** When the report was made (ISO 8601). */
  generatedAt: string;
  /** ATT&CK: tactic id -> name; technique id -> name and tactic ids. */
  attack: { tactics: Record<string, string>; techniques: Record<string, { name: string; tactics: string[] }> };
}

/** A finding as the report holds it: listed, or suppressed by an entry with a reason. */
export interface ExchangedFinding {
  finding: Finding;
  suppressed?: { reason: string; expires: string };
}

/** Each technique with its tactics, sub-techniques (T1059.004) under their parent, in the finding's order. */
export function attacksOf(f: Finding, attack: ExchangeContext['attack']): { tactic: { uid: string; name: string }; technique: { uid: string; name: string }; subTechnique?: { uid: string; name: string } }[] {
  return f.mitre.flatMap((id) => {
    const parentId = id.split('.')[0] as string;
    const parent = attack.techniques[parentId];
    const own = attack.techniques[id];
    const tactics = (own ?? parent)?.tactics ?? [];
    return tactics.map((t) => ({
      tactic: { uid: t, name: attack.tactics[t] ?? t },
      technique: { uid: parentId, name: parent?.name ?? own?.name ?? parentId },
      ...(id !== parentId ? { subTechnique: { uid: id, name: own?.name ?? id } } : {}),
    }));
  });
}

/** The resource's kind from its ARN (arn:aws:sagemaker:r:a:notebook-instance/x -> sagemaker notebook-instance), or undefined for a bare name. */
export function arnParts(text: string): { partition: string; service: string; region: string; account: string; type: string; name: string } | undefined {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(text);
  if (!m) return undefined;
  const rest = m[5] as string;
  const cut = rest.search(/[/:]/);
  return {
    partition: m[1] as string,
    service: m[2] as string,
    region: m[3] as string,
    account: m[4] ?? '',
    type: cut === -1 ? rest : rest.slice(0, cut),
    name: cut === -1 ? rest : rest.slice(cut + 1),
  };
}
