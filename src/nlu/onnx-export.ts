import onnxProto from 'onnx-proto';
import type { NetworkWeights } from './train/network.ts';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/** How the first layer's rows are stored: int8, or two 4-bit values per byte. */
export type WeightBits = 4 | 8;

/**
 * Writes the classifier as an ONNX model (opset 13) with the onnx-proto protobuf definitions.
 *
 * Inputs: `indices` (int64 [n], feature ids) and `values` (float [n], TF-IDF weights). The first
 * layer is an embedding bag: Gather the quantised rows of the touched features, dequantise with a
 * per-row scale, weight, and sum. A linear model ends there (+ bias → Softmax); an MLP adds
 * ReLU → MatMul → bias → Softmax. Output: `probabilities` (float [classes]).
 *
 * The first layer is nearly all of the model (features × hidden units), so its rows are quantised
 * symmetrically with one float scale per row: int8 (~4x smaller than float32), or 4 bits packed two
 * to a byte (~8x). opset 13 has no int4 type, so a 4-bit row is stored as uint8 bytes holding unit
 * j in the high nibble and unit j + width/2 in the low one, each offset by 8, and unpacked with
 * float arithmetic (floor(b / 16), b - 16 · high) after the Gather, on the few rows an utterance
 * touches. `teller train` evaluates the dequantised weights (`quantizeNetwork`), so its held-out
 * report measures the model that ships.
 */
export function exportOnnx(
  net: NetworkWeights,
  meta: Record<string, string>,
  bits: WeightBits = 8,
): Uint8Array {
  const width = net.hiddenSize > 0 ? net.hiddenSize : net.numClasses;
  if (bits === 4 && width % 2 !== 0) throw new Error(`4-bit rows need an even width, not ${width}`);
  const { q, scale } = quantizeRows(net.w1, net.inputSize, width, bits);
  const tensor = (name: string, dataType: number, dims: number[], data: Partial<Record<string, unknown>>) =>
    onnx.TensorProto.create({ name, dataType, dims, ...data });
  const rows =
    bits === 8
      ? tensor('w1_q', DataType.INT8, [net.inputSize, width], {
          rawData: new Uint8Array(q.buffer, q.byteOffset, q.byteLength),
        })
      : tensor('w1_q', DataType.UINT8, [net.inputSize, width / 2], { rawData: packNibbles(q, width) });
  const initializer = [
    rows,
    tensor('w1_scale', DataType.FLOAT, [net.inputSize], { floatData: Array.from(scale) }),
    tensor('b1', DataType.FLOAT, [width], { floatData: Array.from(net.b1) }),
    tensor('axis0', DataType.INT64, [1], { int64Data: [0] }),
    tensor('axis1', DataType.INT64, [1], { int64Data: [1] }),
  ];
  const node = (
    opType: string,
    input: string[],
    output: string[],
    attribute: onnxProto.onnx.IAttributeProto[] = [],
  ) => onnx.NodeProto.create({ opType, input, output, name: output[0] ?? opType, attribute });
  const toFloat = (input: string, output: string) =>
    node(
      'Cast',
      [input],
      [output],
      [
        onnx.AttributeProto.create({
          name: 'to',
          type: onnx.AttributeProto.AttributeType.INT,
          i: DataType.FLOAT,
        }),
      ],
    );
  const nodes = [
    node(
      'Gather',
      ['w1_q', 'indices'],
      ['rows_q'],
      [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
  ];
  if (bits === 8) {
    nodes.push(toFloat('rows_q', 'rows'));
  } else {
    initializer.push(
      tensor('sixteenth', DataType.FLOAT, [], { floatData: [1 / 16] }),
      tensor('sixteen', DataType.FLOAT, [], { floatData: [16] }),
      tensor('nibble_offset', DataType.FLOAT, [], { floatData: [8] }),
    );
    nodes.push(
      toFloat('rows_q', 'packed'),
      node('Mul', ['packed', 'sixteenth'], ['packed_div16']),
      node('Floor', ['packed_div16'], ['high']),
      node('Mul', ['high', 'sixteen'], ['high_16']),
      node('Sub', ['packed', 'high_16'], ['low']),
      node(
        'Concat',
        ['high', 'low'],
        ['nibbles'],
        [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })],
      ),
      node('Sub', ['nibbles', 'nibble_offset'], ['rows']),
    );
  }
  nodes.push(
    node(
      'Gather',
      ['w1_scale', 'indices'],
      ['row_scale'],
      [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
    node('Mul', ['row_scale', 'values'], ['row_weight']),
    node('Unsqueeze', ['row_weight', 'axis1'], ['row_weight_2d']),
    node('Mul', ['rows', 'row_weight_2d'], ['weighted']),
    node(
      'ReduceSum',
      ['weighted', 'axis0'],
      ['summed'],
      [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
    node('Add', ['summed', 'b1'], ['layer1']),
  );
  if (net.hiddenSize > 0) {
    initializer.push(
      tensor('w2', DataType.FLOAT, [net.hiddenSize, net.numClasses], { floatData: Array.from(net.w2) }),
      tensor('b2', DataType.FLOAT, [net.numClasses], { floatData: Array.from(net.b2) }),
    );
    nodes.push(
      node('Relu', ['layer1'], ['hidden']),
      node('Unsqueeze', ['hidden', 'axis0'], ['hidden_2d']),
      node('MatMul', ['hidden_2d', 'w2'], ['out_2d']),
      node(
        'ReduceSum',
        ['out_2d', 'axis0'],
        ['out'],
        [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
      ),
      node('Add', ['out', 'b2'], ['logits']),
    );
  } else {
    nodes.push(node('Identity', ['layer1'], ['logits']));
  }
  nodes.push(
    node(
      'Softmax',
      ['logits'],
      ['probabilities'],
      [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
  );

  const valueInfo = (name: string, elemType: number, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType,
          shape: onnx.TensorShapeProto.create({
            dim: dims.map((d) =>
              typeof d === 'number'
                ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
                : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
            ),
          }),
        }),
      }),
    });
  const graph = onnx.GraphProto.create({
    name: 'teller_intent_classifier',
    node: nodes,
    initializer,
    input: [valueInfo('indices', DataType.INT64, ['n']), valueInfo('values', DataType.FLOAT, ['n'])],
    output: [valueInfo('probabilities', DataType.FLOAT, [net.numClasses])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'teller-voice',
    producerVersion: '0.1.0',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    graph,
    metadataProps: Object.entries(meta).map(([key, value]) =>
      onnx.StringStringEntryProto.create({ key, value }),
    ),
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Symmetric quantisation per row (one scale per input feature): int8 in [-127, 127], or 4-bit in
 * [-7, 7].
 */
export function quantizeRows(
  w: Float32Array,
  rows: number,
  width: number,
  bits: WeightBits = 8,
): { q: Int8Array; scale: Float32Array } {
  const levels = bits === 8 ? 127 : 7;
  const q = new Int8Array(rows * width);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < width; c++) max = Math.max(max, Math.abs(w[r * width + c] as number));
    const s = max > 0 ? max / levels : 1;
    scale[r] = s;
    for (let c = 0; c < width; c++) q[r * width + c] = Math.round((w[r * width + c] as number) / s);
  }
  return { q, scale };
}

/** 4-bit values in [-7, 7] two to a byte: unit j high, unit j + width/2 low, each plus 8. */
function packNibbles(q: Int8Array, width: number): Uint8Array {
  const half = width / 2;
  const rows = q.length / width;
  const out = new Uint8Array(rows * half);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < half; j++) {
      const high = (q[r * width + j] as number) + 8;
      const low = (q[r * width + half + j] as number) + 8;
      out[r * half + j] = (high << 4) | low;
    }
  }
  return out;
}

/**
 * The network as it ships: the first layer replaced by its quantised-then-dequantised rows, so the
 * TypeScript forward pass (held-out report, threshold calibration) sees the weights ONNX runs.
 */
export function quantizeNetwork(net: NetworkWeights, bits: WeightBits): NetworkWeights {
  const width = net.hiddenSize > 0 ? net.hiddenSize : net.numClasses;
  const { q, scale } = quantizeRows(net.w1, net.inputSize, width, bits);
  const w1 = new Float32Array(q.length);
  for (let r = 0; r < net.inputSize; r++) {
    const s = scale[r] as number;
    for (let c = 0; c < width; c++) w1[r * width + c] = (q[r * width + c] as number) * s;
  }
  return { ...net, w1 };
}
