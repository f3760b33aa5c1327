import { Button, Group, Text } from '@mantine/core';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';

export interface SignaturePadHandle {
  isEmpty(): boolean;
  /** The drawing as a PNG data URL, on a white background. */
  toPng(): string;
  clear(): void;
}

interface Props {
  label: string;
  hint: string;
  clearLabel: string;
  onChange?: (empty: boolean) => void;
  height?: number;
}

type Point = { x: number; y: number };

/** Strokes are kept in CSS pixels so the drawing survives a resize (rotating a tablet). */
const maxPixelRatio = 2;

/**
 * A signature pad: a canvas drawn on with pointer events, so a finger, a stylus and a mouse all
 * work. `touch-action: none` keeps the page from scrolling while someone signs on a phone.
 */
export const SignaturePad = forwardRef<SignaturePadHandle, Props>(function SignaturePad({ label, hint, clearLabel, onChange, height = 200 }, ref) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef<{ pointerId: number; stroke: Point[] } | null>(null);
  const [empty, setEmpty] = useState(true);

  const paint = useCallback(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const ratio = canvas.width / canvas.clientWidth || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    context.strokeStyle = '#1a1b1e';
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of strokes.current) {
      const [first, ...rest] = stroke;
      if (!first) continue;
      context.beginPath();
      context.moveTo(first.x, first.y);
      if (rest.length === 0) context.lineTo(first.x + 0.1, first.y + 0.1);
      for (const p of rest) context.lineTo(p.x, p.y);
      context.stroke();
    }
  }, []);

  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    if (!wrap || !canvas) return;
    const fit = () => {
      const ratio = Math.min(window.devicePixelRatio || 1, maxPixelRatio);
      const width = wrap.clientWidth;
      if (width === 0) return;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      paint();
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(wrap);
    return () => observer.disconnect();
  }, [height, paint]);

  const setIsEmpty = (value: boolean) => {
    setEmpty(value);
    onChange?.(value);
  };

  const pointOf = (event: React.PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const clear = () => {
    strokes.current = [];
    drawing.current = null;
    paint();
    setIsEmpty(true);
  };

  useImperativeHandle(ref, () => ({
    isEmpty: () => strokes.current.length === 0,
    toPng: () => canvasRef.current?.toDataURL('image/png') ?? '',
    clear,
  }));

  return (
    <div>
      <Text component="div" size="sm" fw={500} mb={4} id="signature-pad-label">
        {label}
      </Text>
      <div ref={wrapRef} style={{ border: '1px dashed var(--mantine-color-gray-6)', borderRadius: 8, overflow: 'hidden', background: '#fff' }}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-labelledby="signature-pad-label"
          aria-describedby="signature-pad-hint"
          data-testid="signature-pad"
          style={{ display: 'block', touchAction: 'none', cursor: 'crosshair' }}
          onPointerDown={(event) => {
            event.preventDefault();
            try {
              // Keeps the stroke when the finger leaves the canvas mid-line.
              event.currentTarget.setPointerCapture(event.pointerId);
            } catch {
              // a pointer the browser no longer tracks: draw without capture
            }
            const stroke = [pointOf(event)];
            drawing.current = { pointerId: event.pointerId, stroke };
            strokes.current.push(stroke);
            paint();
          }}
          onPointerMove={(event) => {
            const current = drawing.current;
            if (!current || current.pointerId !== event.pointerId) return;
            const native = event.nativeEvent;
            // Coalesced events keep fast strokes smooth on touch screens.
            const events = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
            const rect = event.currentTarget.getBoundingClientRect();
            if (events.length > 0) for (const e of events) current.stroke.push({ x: e.clientX - rect.left, y: e.clientY - rect.top });
            else current.stroke.push(pointOf(event));
            paint();
          }}
          onPointerUp={(event) => {
            if (drawing.current?.pointerId !== event.pointerId) return;
            drawing.current = null;
            setIsEmpty(false);
          }}
          onPointerCancel={() => {
            drawing.current = null;
            setIsEmpty(strokes.current.length === 0);
          }}
        />
      </div>
      <Group justify="space-between" mt={4} wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed" id="signature-pad-hint">
          {hint}
        </Text>
        <Button variant="subtle" size="compact-sm" onClick={clear} disabled={empty} style={{ flexShrink: 0 }}>
          {clearLabel}
        </Button>
      </Group>
    </div>
  );
});
