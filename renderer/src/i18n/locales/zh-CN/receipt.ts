/** 系统设置 → 小票内容 (renderer/src/screens/setup/ReceiptSection.tsx). */
export const receipt = {
  title: '小票内容',
  shopName: '店名（打印在小票最上方）',
  header: '抬头（每行一条，最多 {n} 行，每行最多 {c} 字）',
  footer: '结尾（例如：谢谢惠顾；每行一条，最多 {n} 行）',
  tooMany: '最多 {n} 行',
  tooLong: '第 {i} 行超过 {c} 字',
  autoPrint: '付款后自动打印',
  autoPrintHint: '每单付款成功后自动打印小票（关闭时按 F10 打印）',
  hint: '保存后重新启动生效；长行在 58 mm 纸上会自动换行。',
} as const;
