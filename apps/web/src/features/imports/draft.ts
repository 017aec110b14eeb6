import type { ImportOptions, PreviewResult, UploadResult } from './types.ts';

// The wizard's work in progress survives leaving the page (and a reload) within the tab.
export interface Draft {
  step: 0 | 1 | 2;
  upload: UploadResult | null;
  mapping: Record<string, string>;
  options: ImportOptions;
  tagsText: string;
  saveMapping: boolean;
  workspaceId: string | null;
  preview: PreviewResult | null;
}

const KEY = 'flywheel.import.draft';
export const EMPTY_DRAFT: Draft = { step: 0, upload: null, mapping: {}, options: { dedupe: 'skip' }, tagsText: '', saveMapping: false, workspaceId: null, preview: null };

export function loadDraft(workspaceId: string | null): Draft {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return EMPTY_DRAFT;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (!d.upload || typeof d.upload.importId !== 'string' || d.workspaceId !== workspaceId) return EMPTY_DRAFT;
    return { ...EMPTY_DRAFT, ...d };
  } catch {
    return EMPTY_DRAFT;
  }
}

export function saveDraft(d: Draft) {
  try {
    if (d.step === 0 || !d.upload) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(d));
  } catch {
    /* storage full or disabled: the wizard still works, it just won't survive a reload */
  }
}

export const parseTags = (text: string) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
