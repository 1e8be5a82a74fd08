export default `tcpsleuth explain: (help not written yet)
`;
