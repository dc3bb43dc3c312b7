import { useEffect, useState } from 'react';
import type { DisplayView } from '../../../app/display/view.js';
import { displayText } from './text.js';

/** The idle screen: the installer's images (served read-only at /slides/<name>), one after another. */
export function Slideshow({ view }: { view: DisplayView }) {
  const { names, intervalMs } = view.slides;
  const [index, setIndex] = useState(0);
  useEffect(() => {
    setIndex(0);
    if (names.length < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % names.length), intervalMs);
    return () => clearInterval(timer);
  }, [names, intervalMs]);

  if (names.length === 0) {
    return (
      <div className="cd-welcome" data-testid="display-welcome">
        {displayText(view.locale, 'welcome')}
      </div>
    );
  }
  const name = names[index % names.length] ?? names[0];
  return (
    <div className="cd-slides" data-testid="display-slides" data-count={names.length}>
      <img
        className="cd-slide"
        data-testid="display-slide"
        data-name={name}
        src={`/slides/${encodeURIComponent(name ?? '')}`}
        alt=""
      />
    </div>
  );
}
