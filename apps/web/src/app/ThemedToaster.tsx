import { useEffect, useState } from 'react';
import { Toaster } from 'sonner';

/** Sonner's toasts follow the app theme (a class on <html>, toggled in the sidebar). */
export function ThemedToaster() {
  const read = () => (document.documentElement.classList.contains('dark') ? 'dark' : 'light');
  const [theme, setTheme] = useState<'dark' | 'light'>(read);
  useEffect(() => {
    const obs = new MutationObserver(() => setTheme(read()));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => obs.disconnect();
  }, []);
  return <Toaster position="bottom-right" richColors closeButton theme={theme} />;
}
