import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/**
 * A payment QR drawn as SVG (the qrcode package, in the page). One component for every screen
 * that shows the payer a QR: the cashier's payment view and the customer display. `size` is the
 * drawn width in CSS pixels; the quiet zone is part of it. Nothing is drawn for empty content.
 */
export function PaymentQr({ content, size = 280, label }: { content: string; size?: number; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSvg(null);
    if (content === '') return;
    QRCode.toString(content, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: size })
      .then((s) => {
        if (live) setSvg(s);
      })
      .catch(() => {
        if (live) setSvg(null);
      });
    return () => {
      live = false;
    };
  }, [content, size]);
  return (
    <div
      className="payment-qr"
      data-testid="payment-qr"
      data-content={content}
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
      // The SVG text comes from the QR library (paths and rects only), never from the gateway as markup.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
