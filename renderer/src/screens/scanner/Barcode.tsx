import { CODE128_QUIET_ZONE, encodeCode128 } from '../../../../app/scan/code128.js';

/**
 * A Code 128 barcode as SVG (crisp at any zoom, no canvas, no inline script or style: fine under
 * the app's CSP). `moduleWidth` is the narrowest bar in px; scanners read it best at ≥ 1.5 px on
 * a normal screen. The quiet zone is included.
 */
export function Code128Barcode({
  text,
  moduleWidth = 2,
  height = 90,
  testId,
}: {
  text: string;
  moduleWidth?: number;
  height?: number;
  testId?: string;
}) {
  const sym = encodeCode128(text);
  const total = sym.modules + 2 * CODE128_QUIET_ZONE;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${total} ${height}`}
      width={total * moduleWidth}
      height={height}
      preserveAspectRatio="none"
      shapeRendering="crispEdges"
      role="img"
      aria-label={text}
      data-testid={testId}
      data-code={text}
      data-modules={sym.modules}
    >
      <rect x={0} y={0} width={total} height={height} fill="#fff" />
      {sym.bars.map((b) => (
        <rect key={b.x} x={b.x + CODE128_QUIET_ZONE} y={0} width={b.w} height={height} fill="#000" />
      ))}
    </svg>
  );
}
