import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { Button, Modal } from '../../ui/index.ts';

/**
 * Unsaved changes survive neither a route change nor a closed tab by accident: the router asks
 * first (with a dialog), and the browser asks before unloading.
 */
export function useUnsavedGuard(dirty: boolean, what = 'your changes') {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const dialog = blocker.state === 'blocked' ? (
    <Modal
      open
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      footer={<>
        <Button onClick={() => blocker.reset?.()} autoFocus>Keep editing</Button>
        <Button variant="danger" onClick={() => blocker.proceed?.()}>Discard and leave</Button>
      </>}
    >
      <p className="text-sm">You have unsaved changes; leaving this page discards {what}.</p>
    </Modal>
  ) : null;
  return dialog;
}
