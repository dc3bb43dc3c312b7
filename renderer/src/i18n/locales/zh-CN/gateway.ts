export const gateway = {
  'url.no-scheme': '网址须以 http:// 或 https:// 开头，例如 http://{example}',
  'url.bad-scheme': '只支持 http:// 或 https:// 开头的网址',
  'url.not-https': '更新地址必须以 https:// 开头（更新是程序代码，不能用不加密的 http）',
  'url.invalid': '网址格式不对，例如 https://pay.example.cn/',
  'url.too-long': '网址太长（最多 500 个字符）',
  'url.spaces': '网址中不能有空格',
  'path.required': '必填',
  'path.absolute': '这里只填网关地址后面的路径，例如 api/3Pay/KouDaiLQ/Query；不能填完整网址或以 // 开头',
  'path.dot-dot': '路径中不能有 .. 或 .',
  'path.bad-chars': '路径中不能有空格、?、#、% 或反斜杠，最多 200 个字符',
  inUseEnv: '实际使用的网关：{url}（由环境变量 {variable} 指定，上面填写的地址不生效）。',
  authNotSent:
    '没有发送已保存的网关授权信息：它只发给保存时的网关地址（{origin}）。如要测试新地址的授权，请在上面重新填写。',
  authTyped: '已使用上面填写的网关授权信息测试。',
  authStored: '已使用保存的网关授权信息测试。',
  serverField: '此项填写有误',
  testNotSent: '地址有误，没有发出请求',
} as const;
